// Reads a request body with two guards: a byte limit counted as bytes arrive (Content-Length is a
// claim, not a fact) and a deadline for the whole body, so a client dribbling bytes cannot hold a
// connection and a buffer open forever. The counting is one function (`collectBody`) over a push
// source, so the Fetch lane (a Request's stream) and the Node lane (the IncomingMessage's events) share it.

export type BodyReadResult =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: 'too_large' | 'timeout' | 'aborted' };

export interface ReadBodyOptions {
  maxBytes: number;
  timeoutMs: number;
}

export interface BodySink {
  data(chunk: Uint8Array): void;
  end(): void;
  /** The body broke before its end (the client went away mid-upload). */
  fail(): void;
}

export interface BodySource {
  start(sink: BodySink): void;
  /** Reading is over (limit or deadline): drop the rest. */
  stop(): void;
}

/** `claimedLength` is the Content-Length header; `source` is `null` for a request without a body. */
export function collectBody(
  claimedLength: string | null,
  source: BodySource | null,
  options: ReadBodyOptions,
): Promise<BodyReadResult> {
  const claimed = Number(claimedLength);
  // Refusing on an honest oversize claim saves reading it; a false small claim is caught while counting.
  if (Number.isFinite(claimed) && claimed > options.maxBytes) {
    return Promise.resolve({ ok: false, reason: 'too_large' });
  }
  if (source === null) return Promise.resolve({ ok: true, bytes: new Uint8Array(0) });

  return new Promise((resolve) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    let settled = false;
    const finish = (result: BodyReadResult, stop: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (stop) source.stop();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, reason: 'timeout' }, true), options.timeoutMs);
    source.start({
      data(chunk) {
        if (settled) return;
        total += chunk.byteLength;
        if (total > options.maxBytes) finish({ ok: false, reason: 'too_large' }, true);
        else chunks.push(chunk);
      },
      end: () => finish({ ok: true, bytes: concat(chunks, total) }, false),
      fail: () => finish({ ok: false, reason: 'aborted' }, false),
    });
  });
}

/** The Fetch lane: a Request's body stream. */
export async function readBody(request: Request, options: ReadBodyOptions): Promise<BodyReadResult> {
  const body = request.body;
  return collectBody(request.headers.get('content-length'), body && streamSource(body), options);
}

function streamSource(body: ReadableStream<Uint8Array>): BodySource {
  const reader = body.getReader();
  let stopped = false;
  return {
    start(sink) {
      const pump = (): void => {
        reader.read().then(
          (next) => {
            if (stopped) return;
            if (next.done) sink.end();
            else {
              sink.data(next.value);
              pump();
            }
          },
          // The body stream errors only when the client went away mid-upload.
          () => sink.fail(),
        );
      };
      pump();
    },
    stop() {
      stopped = true;
      reader.cancel().catch(() => {});
    },
  };
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
