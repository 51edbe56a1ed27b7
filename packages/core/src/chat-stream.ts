// A ChatStream starts its request at once and records every chunk, so consumers may attach late:
// each iterator replays from the first chunk, `.final()` needs no iteration, and `.current` is
// always the message accumulated so far, even after an abort or a failure.
import { accumulate, emptyAssistantMessage } from './accumulate';
import { callSafely } from './call-safely';
import type { ClientContext } from './client-context';
import type { AssistantMessage, ChatStream, RequestOptions } from './client-types';
import { createApiError } from './create-api-error';
import { StreamInterruptedError, TimeoutError, UsingAiError } from './errors';
import { linkAbort } from './link-abort';
import { parseRateLimit } from './rate-limit';
import { connectionError, sendAttempt } from './request';
import { withRetries } from './retry';
import { createChunkDecoder } from './sse-decoder';
import type { ChatCompletionChunk, ChatCompletionRequest, RateLimitInfo } from './types';

type Listener = (message: AssistantMessage, chunk: ChatCompletionChunk) => void;

export function createChatStream(
  context: ClientContext,
  request: ChatCompletionRequest,
  options: RequestOptions = {},
): ChatStream {
  const controller = new AbortController();
  // Always streaming, with usage unless the caller chose stream_options.
  const body = JSON.stringify({ stream_options: { include_usage: true }, ...request, stream: true });
  const chunks: ChatCompletionChunk[] = [];
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
  controller.signal.addEventListener('abort', () => {
    if (!ended) current = { ...current, finishReason: 'aborted' };
  });
  const unlinkCaller = linkAbort(options.signal, controller);

  function deliver(chunk: ChatCompletionChunk) {
    if (controller.signal.aborted) return;
    chunks.push(chunk);
    current = accumulate(current, chunk);
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
    let outcome: UsingAiError | true | undefined;
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    const decoder = createChunkDecoder({
      onChunk: deliver,
      onDone: () => {
        outcome = true;
      },
      onError: (error) => {
        outcome = error;
      },
    });
    started = false;
    try {
      const response = await sendAttempt(context, {
        method: 'POST',
        path: 'chat/completions',
        body,
        accept: 'text/event-stream',
        headers: options.headers,
        signal,
      }).catch((error: unknown) => {
        // An error response still tells the caller its status and the latest rate-limit window.
        if (error instanceof UsingAiError && error.status !== null) {
          status = error.status;
          rateLimit = error.rateLimit ?? rateLimit;
        }
        throw error;
      });
      started = true;
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
        // Nothing reached the caller yet, so another attempt cannot duplicate text.
        throw chunks.length === deliveredBefore ? cause : interrupted(cause);
      }
    } finally {
      clearTimeout(idleTimer);
      unlink();
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

  const done = (async () => {
    try {
      await withRetries(context, attempt, { signal: controller.signal, onRetry: options.onRetry });
      return current;
    } catch (error) {
      if (controller.signal.aborted) return current;
      failure =
        started && error instanceof UsingAiError && !(error instanceof StreamInterruptedError)
          ? interrupted(error)
          : error;
      throw failure;
    } finally {
      ended = true;
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
          ? Promise.resolve({ value: chunks[index++] as ChatCompletionChunk, done: false })
          : ended
            ? failure
              ? Promise.reject(failure)
              : Promise.resolve({ value: undefined, done: true })
            : new Promise<void>((resolve) => waiting.push(resolve)).then(next);
      return { next };
    },
  };
}
