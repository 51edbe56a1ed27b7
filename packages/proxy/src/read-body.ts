// Reads a request body with two guards: a byte limit counted as bytes arrive (Content-Length is a
// claim, not a fact) and a deadline for the whole body, so a client dribbling bytes cannot hold a
// connection and a buffer open forever.

export type BodyReadResult =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: 'too_large' | 'timeout' | 'aborted' };

export interface ReadBodyOptions {
  maxBytes: number;
  timeoutMs: number;
}

export async function readBody(request: Request, options: ReadBodyOptions): Promise<BodyReadResult> {
  const claimed = Number(request.headers.get('content-length'));
  // Refusing on an honest oversize claim saves reading it; a false small claim is caught while counting.
  if (Number.isFinite(claimed) && claimed > options.maxBytes) return { ok: false, reason: 'too_large' };
  if (request.body === null) return { ok: true, bytes: new Uint8Array(0) };

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
  });
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), deadline]);
      if (next === 'timeout') {
        reader.cancel().catch(() => {});
        return { ok: false, reason: 'timeout' };
      }
      if (next.done) break;
      total += next.value.byteLength;
      if (total > options.maxBytes) {
        reader.cancel().catch(() => {});
        return { ok: false, reason: 'too_large' };
      }
      chunks.push(next.value);
    }
  } catch {
    // The body stream errors only when the client went away mid-upload.
    return { ok: false, reason: 'aborted' };
  } finally {
    clearTimeout(timer);
  }
  return { ok: true, bytes: concat(chunks, total) };
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
