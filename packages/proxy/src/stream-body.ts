// The one place an upstream body streams to the client: through the pass-through TransformStream (key
// scrubbing, usage), with an idle deadline. Upstream silence longer than `idleMs` after the headers ends
// the stream with an error the client can read (an SSE error event, or the JSON error body when nothing
// was sent yet) and drops the upstream connection; a client that goes away (the readable is cancelled)
// cancels the upstream read at once. An upstream that breaks mid-body errors the stream, so the adapter
// cuts the connection and the client sees an incomplete answer, never a clean end.

export interface StreamBodyOptions {
  idleMs: number;
  /** What to send when upstream went silent: given whether any byte was sent, the bytes, or `null` to cut. */
  onIdle(sentAny: boolean): Uint8Array | null;
}

/** Tells the loop below that the deadline, not upstream, ended the read. */
const IDLE = new Error('The upstream went silent.');

export function streamBody(
  source: ReadableStream<Uint8Array>,
  through: TransformStream<Uint8Array, Uint8Array>,
  options: StreamBodyOptions,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  const writer = through.writable.getWriter();
  let last = performance.now();
  let idled = false;
  let sentAny = false;
  // One timer per stream, re-armed only when it fires early: no timer work per chunk.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (ms: number) => {
    timer = setTimeout(() => {
      const quiet = performance.now() - last;
      if (quiet < options.idleMs) {
        arm(options.idleMs - quiet);
        return;
      }
      idled = true;
      reader.cancel(IDLE).catch(() => {});
    }, ms);
  };
  arm(options.idleMs);
  // The client went away (the readable was cancelled, which errors the writable): stop upstream now,
  // even while the loop waits for an upstream chunk that may never come.
  writer.closed.catch((error: unknown) => {
    clearTimeout(timer);
    reader.cancel(error).catch(() => {});
  });

  const pump = async () => {
    try {
      for (;;) {
        let next: ReadableStreamReadResult<Uint8Array>;
        try {
          next = await reader.read();
        } catch (error) {
          if (idled) break;
          throw brokeOff(error);
        }
        if (idled) break;
        if (next.done) {
          clearTimeout(timer);
          await writer.close();
          return;
        }
        last = performance.now();
        sentAny = true;
        await writer.write(next.value);
      }
      const tail = options.onIdle(sentAny);
      if (tail === null) {
        await writer.abort(IDLE);
        return;
      }
      await writer.write(tail);
      await writer.close();
    } catch (error) {
      clearTimeout(timer);
      // Either upstream broke (pass it on: the connection is cut) or the client left (the writable is
      // already errored): stop reading upstream in both cases.
      reader.cancel(error).catch(() => {});
      writer.abort(error).catch(() => {});
    }
  };
  void pump();
  return through.readable;
}

/** An upstream that broke mid-body, as one line: adapters that log stream errors print its stack. */
function brokeOff(cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const error = new Error(
    `using-ai-proxy: the upstream stream broke off (${reason}); the client's connection is cut.`,
  );
  error.stack = error.message;
  return error;
}
