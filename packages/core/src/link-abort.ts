/** Aborts `target` (with the same reason) when `source` aborts. Returns a function that unlinks them. */
export function linkAbort(source: AbortSignal | undefined, target: AbortController): () => void {
  const forward = () => target.abort(source?.reason);
  if (source?.aborted) forward();
  source?.addEventListener('abort', forward);
  return () => source?.removeEventListener('abort', forward);
}
