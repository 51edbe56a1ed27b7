// Turns a streamed completion into a durable stream: the upstream body is read to its end whoever
// listens (a client that disconnects no longer cancels it), every event is numbered and stored, and the
// client that asked gets the live bytes with `X-Stream-Id`. It stops when someone calls stop (DELETE),
// when upstream ends or fails, or when no reader has been attached for `abandonAfterMs`.
import { isEventStream } from '../upstream-headers';
import { createEventIdStream } from './event-ids';
import type { ResumeRuntime } from './options';
import { createStreamId } from './stream-id';

/**
 * `response` made durable when it is a 2xx event stream, else `response` as it is. `upstream` aborts the
 * upstream request (its signal must not be the client's: the client may leave and come back).
 */
export async function makeDurable(
  response: Response,
  upstream: AbortController,
  owner: string | null,
  { store, abandonAfterMs }: ResumeRuntime,
): Promise<Response> {
  const headers = Object.fromEntries(response.headers);
  if (!response.ok || !response.body || !isEventStream(headers)) return response;
  const streamId = createStreamId();
  try {
    await store.create(streamId, owner);
  } catch {
    // The store is down (Redis unreachable): the answer still goes out, only not resumable.
    return response;
  }

  const numbered = response.body.pipeThrough(
    createEventIdStream({ onEvent: (id, event) => store.append(streamId, id, event) }),
  );
  const unlistenStop = store.onStop(streamId, () => upstream.abort());
  const detach = store.attach(streamId);
  let local = null as ReadableStreamDefaultController<Uint8Array> | null;
  const leave = () => {
    local = null;
    detach();
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      local = controller;
    },
    // The client left: the stream runs on for whoever resumes it.
    cancel: leave,
  });

  // Abandonment: upstream is aborted once no reader, here or on another instance, was seen for a while.
  let lastReaderAt = Date.now();
  const watchdog = setInterval(
    () => {
      store.hasReaders(streamId).then(
        (present) => {
          if (present) lastReaderAt = Date.now();
          else if (Date.now() - lastReaderAt >= abandonAfterMs) upstream.abort();
        },
        () => {},
      );
    },
    Math.max(10, Math.min(abandonAfterMs / 4, 5000)),
  );
  watchdog.unref?.();

  (async () => {
    const reader = numbered.getReader();
    let failure: unknown = null;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        local?.enqueue(value);
      }
    } catch (error) {
      failure = error;
    } finally {
      clearInterval(watchdog);
      unlistenStop();
      await store.finish(streamId).catch(() => {});
      // Upstream failed (not stopped): the client that is still here sees the connection fail, as
      // without resume; readers of the store see the stream end and report it interrupted.
      if (failure && !upstream.signal.aborted) local?.error(failure);
      else local?.close();
      leave();
    }
  })();

  return new Response(body, {
    status: response.status,
    headers: { ...headers, 'x-stream-id': streamId },
  });
}
