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
  const length = request.headers.get('content-length');
  const claimed = length === null ? Number.NaN : Number(length);
  // Refusing on an honest oversize claim saves reading it.
  if (claimed > options.maxBytes) return { ok: false, reason: 'too_large' };
  // With a valid Content-Length the HTTP layer delivers exactly that many bytes, so the body can be read
  // whole (the Node adapter's fast path, no web stream); the size is checked again after, to be sure.
  if (Number.isInteger(claimed) && claimed >= 0) return readWhole(request, options);
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
      let next: ReadableStreamReadResult<Uint8Array> | 'timeout';
      try {
        next = await Promise.race([reader.read(), deadline]);
      } catch {
        // The body stream errors only when the client went away mid-upload.
        return { ok: false, reason: 'aborted' };
      }
      if (next === 'timeout') return stop(reader, 'timeout');
      if (next.done) return { ok: true, bytes: concat(chunks, total) };
      total += next.value.byteLength;
      if (total > options.maxBytes) return stop(reader, 'too_large');
      chunks.push(next.value);
    }
  } finally {
    clearTimeout(timer);
  }
}

async function readWhole(request: Request, options: ReadBodyOptions): Promise<BodyReadResult> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
  });
  try {
    const read = await Promise.race([request.arrayBuffer(), deadline]);
    if (read === 'timeout') return { ok: false, reason: 'timeout' };
    if (read.byteLength > options.maxBytes) return { ok: false, reason: 'too_large' };
    return { ok: true, bytes: new Uint8Array(read) };
  } catch {
    // The body broke only when the client went away mid-upload.
    return { ok: false, reason: 'aborted' };
  } finally {
    clearTimeout(timer);
  }
}

function stop(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  reason: 'timeout' | 'too_large',
): BodyReadResult {
  // Releases a Fetch runtime's body; on Node the adapter drains what is left after the reply (node-handler.ts).
  reader.cancel().catch(() => {});
  return { ok: false, reason };
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
