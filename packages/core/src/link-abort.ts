/** Aborts `target` (with the same reason) when `source` aborts. Returns a function that unlinks them. */
export function linkAbort(source: AbortSignal | undefined, target: AbortController): () => void {
  if (!source) return () => {};
  const forward = () => target.abort(source.reason);
  if (source.aborted) forward();
  else source.addEventListener('abort', forward, { once: true });
  return () => source.removeEventListener('abort', forward);
}
