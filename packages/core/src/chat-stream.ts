// A ChatStream starts its request at once and records every chunk (compactly, chunk-log.ts), so
// consumers may attach late: each iterator replays from the first chunk, `.final()` needs no
// iteration, and `.current` is always the message accumulated so far, even after an abort or a failure.
// A stream the proxy made durable (`X-Stream-Id`) that loses its connection is resumed where it broke.
import { accumulate, emptyAssistantMessage } from './accumulate';
import { callSafely } from './call-safely';
import { createChunkLog } from './chunk-log';
import type { ClientContext } from './client-context';
import type { AssistantMessage, ChatStream, RequestOptions } from './client-types';
import { createApiError } from './create-api-error';
import { ConnectionError, StreamInterruptedError, TimeoutError, UsingAiError } from './errors';
import { linkAbort } from './link-abort';
import { parseRateLimit } from './rate-limit';
import { connectionError, sendAttempt } from './request';
import { isNewEvent, readStreamId, stopStream, streamAttempt } from './resume';
import { withRetries } from './retry';
import { createChunkDecoder } from './sse-decoder';
import type { ChatCompletionChunk, ChatCompletionRequest, RateLimitInfo } from './types';

type Listener = (message: AssistantMessage, chunk: ChatCompletionChunk) => void;

/** What a stream starts from: a new completion, or a durable stream the proxy already runs. */
export type StreamStart =
  | { request: ChatCompletionRequest }
  | { streamId: string; lastEventId?: string | null };

export function createChatStream(
  context: ClientContext,
  start: StreamStart,
  options: RequestOptions = {},
): ChatStream {
  const controller = new AbortController();
  // Always streaming, with usage unless the caller chose stream_options.
  const body =
    'request' in start
      ? JSON.stringify({ stream_options: { include_usage: true }, ...start.request, stream: true })
      : undefined;
  const chunks = createChunkLog();
  let streamId = 'streamId' in start ? start.streamId : null;
  let lastEventId = ('lastEventId' in start && start.lastEventId) || null;
  /** The next attempt reconnects to `streamId` instead of posting the request again. */
  let resuming = streamId !== null;
  /** Whether any attempt got 2xx headers: a failure after that is a StreamInterruptedError. */
  let everStarted = false;
  const listeners = new Set<Listener>();
  const waiting: Array<() => void> = [];
  let current = emptyAssistantMessage();
  let status: number | null = null;
  let rateLimit: RateLimitInfo | null = null;
  let ended = false;
  let failure: unknown;
  /** Whether the latest attempt got 2xx headers: failures after that are StreamInterruptedErrors. */
  let started = false;

  const interrupted = (cause: UsingAiError) =>
    new StreamInterruptedError({
      status,
      type: 'stream_interrupted',
      message: cause.type === 'stream_interrupted' ? cause.message : `Stream interrupted: ${cause.message}`,
      rateLimit,
      cause,
      partial: current,
    });

  function wake() {
    for (const resolve of waiting.splice(0)) resolve();
  }

  // After an abort nothing more is delivered, and `.current` says so at once (not only once final() settles).
  // A durable stream is also stopped on the proxy: Stop must stop the model, not only our reading.
  controller.signal.addEventListener('abort', () => {
    if (ended) return;
    current = { ...current, finishReason: 'aborted' };
    if (streamId) stopStream(context, streamId, options.headers);
  });
  const unlinkCaller = linkAbort(options.signal, controller);

  function deliver(chunk: ChatCompletionChunk, id: string | undefined) {
    // A replay that starts before our last event must not deliver it twice.
    if (controller.signal.aborted || !isNewEvent(id, lastEventId)) return;
    if (id !== undefined) lastEventId = id;
    const before = current;
    current = accumulate(current, chunk);
    chunks.push(chunk, before, current);
    // A subscriber's bug must not end the stream for everyone else.
    // A copy: a listener that subscribes another is not called again for this chunk.
    if (listeners.size) for (const listener of [...listeners]) callSafely(listener, current, chunk);
    if (waiting.length) wake();
  }

  async function attempt(): Promise<void> {
    const attemptController = new AbortController();
    const unlink = linkAbort(controller.signal, attemptController);
    const signal = attemptController.signal;
    const deliveredBefore = chunks.length;
    const resumed = resuming;
    let outcome: UsingAiError | true | undefined;
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    const decoder = createChunkDecoder({
      onChunk: deliver,
      onDone: (id) => {
        if (id !== undefined) lastEventId = id;
        outcome = true;
      },
      onError: (error) => {
        outcome = error;
      },
    });
    started = false;
    try {
      const response = await sendAttempt(
        context,
        streamAttempt(resumed ? streamId : null, lastEventId, body, options.headers, signal),
      ).catch((error: unknown) => {
        // An error response still tells the caller its status and the latest rate-limit window.
        if (error instanceof UsingAiError && error.status !== null) {
          status = error.status;
          rateLimit = error.rateLimit ?? rateLimit;
        }
        throw error;
      });
      started = everStarted = true;
      if (!resumed) streamId = readStreamId(response.headers);
      status = response.status;
      rateLimit = parseRateLimit(response.headers) ?? rateLimit;
      // A 2xx that is not SSE (a proxy that answered JSON, a login page): its body says what happened.
      const type = response.headers.get('content-type');
      if (type && !type.includes('text/event-stream')) {
        throw createApiError(status, await response.text().catch(() => ''), response.headers);
      }
      const reader = (response.body ?? new Blob().stream()).getReader();
      // Not every fetch ties the body to the signal (custom fetches, mocks), so cancel it ourselves.
      // The attempt's controller is unlinked when the attempt ends, so this cannot fire later.
      const cancel = () => reader.cancel().catch(() => {});
      signal.addEventListener('abort', cancel);
      try {
        while (!outcome) {
          if (context.idleTimeoutMs) {
            clearTimeout(idleTimer);
            idleTimer = setTimeout(() => {
              attemptController.abort(
                new TimeoutError({
                  type: 'timeout',
                  message: `No stream data for ${context.idleTimeoutMs} ms`,
                }),
              );
            }, context.idleTimeoutMs);
          }
          const { done, value } = await reader.read();
          if (signal.aborted) throw signal.reason;
          if (done) break;
          decoder.push(value);
        }
        if (outcome) cancel();
        else decoder.end();
      } catch (error) {
        if (controller.signal.aborted) throw error;
        const cause =
          signal.reason instanceof TimeoutError
            ? signal.reason
            : connectionError(error, 'Connection lost', status);
        // Nothing reached the caller yet, so another attempt cannot duplicate text; a durable stream
        // resumes after its last event instead.
        if (chunks.length === deliveredBefore && !streamId) throw cause;
        // A reconnect that got nothing new before the idle timeout: the stream itself is stalled (upstream),
        // not our connection, and reconnecting again would only wait again.
        const stalled = resumed && chunks.length === deliveredBefore && cause instanceof TimeoutError;
        throw !stalled && resumable() ? cause : interrupted(cause);
      }
    } finally {
      clearTimeout(idleTimer);
      unlink();
    }
    // Closed cleanly before [DONE]: a durable stream may still be running (a proxy or network in between
    // cut it), unless a resume just ended the same way with nothing new, which means the stream is over.
    if (outcome === undefined && resumable() && !(resumed && chunks.length === deliveredBefore)) {
      throw new ConnectionError({
        status,
        type: 'connection_error',
        message: 'The stream closed before [DONE]',
      });
    }
    if (outcome !== true) {
      throw interrupted(
        outcome ??
          new UsingAiError({
            status,
            type: 'stream_interrupted',
            message: 'The stream closed before [DONE]',
          }),
      );
    }
  }

  /** Whether the stream can be resumed without losing or repeating an event; if so, the next attempt does. */
  function resumable(): boolean {
    resuming = streamId !== null && (lastEventId !== null || chunks.length === 0);
    return resuming;
  }

  const done = (async () => {
    try {
      await withRetries(context, attempt, {
        signal: controller.signal,
        onRetry:
          options.onRetry &&
          ((event) => options.onRetry?.(resuming ? { ...event, reason: 'resume' } : event)),
      });
      return current;
    } catch (error) {
      if (controller.signal.aborted) return current;
      failure =
        (started || (everStarted && resuming)) &&
        error instanceof UsingAiError &&
        !(error instanceof StreamInterruptedError)
          ? interrupted(error)
          : error;
      throw failure;
    } finally {
      ended = true;
      chunks.end();
      unlinkCaller();
      wake();
    }
  })();
  // `.final()` is optional; a failure nobody asked for must not surface as an unhandled rejection.
  done.catch(() => {});

  return {
    get current() {
      return current;
    },
    get rateLimit() {
      return rateLimit;
    },
    get status() {
      return status;
    },
    get streamId() {
      return streamId;
    },
    get lastEventId() {
      return lastEventId;
    },
    final: () => done,
    abort() {
      if (!ended) controller.abort();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    [Symbol.asyncIterator]() {
      // Hand-written rather than an async generator: buffered chunks resolve without extra ticks.
      let index = 0;
      const next = (): Promise<IteratorResult<ChatCompletionChunk, undefined>> =>
        index < chunks.length
          ? Promise.resolve({ value: chunks.get(index++, current), done: false })
          : ended
            ? failure
              ? Promise.reject(failure)
              : Promise.resolve({ value: undefined, done: true })
            : new Promise<void>((resolve) => waiting.push(resolve)).then(next);
      return { next };
    },
  };
}
