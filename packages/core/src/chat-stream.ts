// A ChatStream starts its request at once and records every chunk, so consumers may attach late:
// each iterator replays from the first chunk, `.final()` needs no iteration, and `.current` is
// always the message accumulated so far, even after an abort or a failure.
import { accumulate, emptyAssistantMessage } from './accumulate';
import type { ClientContext } from './client-context';
import type { AssistantMessage, ChatStream, RequestOptions } from './client-types';
import { ConnectionError, StreamInterruptedError, TimeoutError, UsingAiError } from './errors';
import { linkAbort } from './link-abort';
import { parseRateLimit } from './rate-limit';
import { sendAttempt } from './request';
import { withRetries } from './retry';
import { createChunkDecoder } from './sse-decoder';
import type { ChatCompletionChunk, ChatCompletionRequest, RateLimitInfo } from './types';

type Listener = (message: AssistantMessage, chunk: ChatCompletionChunk) => void;

/** The body `stream()` sends: always streaming, with usage unless the caller chose stream_options. */
export function streamingBody(request: ChatCompletionRequest): string {
  return JSON.stringify({
    ...request,
    stream: true,
    stream_options: request.stream_options ?? { include_usage: true },
  });
}

export function createChatStream(
  context: ClientContext,
  request: ChatCompletionRequest,
  options: RequestOptions = {},
): ChatStream {
  const controller = new AbortController();
  linkAbort(options.signal, controller);
  const body = streamingBody(request);
  const chunks: ChatCompletionChunk[] = [];
  const listeners = new Set<Listener>();
  let wakeIterators: Array<() => void> = [];
  let current = emptyAssistantMessage();
  let status: number | null = null;
  let rateLimit: RateLimitInfo | null = null;
  let ended = false;
  /** Whether the latest attempt got 2xx headers: failures after that are StreamInterruptedErrors. */
  let started = false;
  let failure: unknown;

  const interrupted = (cause: UsingAiError, message = `Stream interrupted: ${cause.message}`) =>
    new StreamInterruptedError({
      status,
      type: 'stream_interrupted',
      message,
      rateLimit,
      cause,
      partial: current,
    });

  function wake() {
    const waiting = wakeIterators;
    wakeIterators = [];
    for (const resolve of waiting) resolve();
  }

  function deliver(chunk: ChatCompletionChunk) {
    chunks.push(chunk);
    current = accumulate(current, chunk);
    for (const listener of listeners) {
      try {
        listener(current, chunk);
      } catch (error) {
        // A subscriber's bug must not end the stream for everyone else; report it like an event handler.
        setTimeout(() => {
          throw error;
        });
      }
    }
    if (wakeIterators.length > 0) wake();
  }

  async function attempt(): Promise<void> {
    const attemptController = new AbortController();
    const unlink = linkAbort(controller.signal, attemptController);
    const deliveredBefore = chunks.length;
    let finished = false;
    let eventError: UsingAiError | undefined;
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    const armIdle = () => {
      if (context.idleTimeoutMs === undefined) return;
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => {
        attemptController.abort(
          new TimeoutError({ type: 'timeout', message: `No stream data for ${context.idleTimeoutMs} ms` }),
        );
      }, context.idleTimeoutMs);
    };
    const decoder = createChunkDecoder({
      onChunk: deliver,
      onDone: () => {
        finished = true;
      },
      onError: (error) => {
        eventError = error;
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
        signal: attemptController.signal,
      }).catch((error: unknown) => {
        if (error instanceof UsingAiError && error.status !== null) status = error.status;
        throw error;
      });
      started = true;
      status = response.status;
      rateLimit = parseRateLimit(response.headers) ?? rateLimit;
      const reader = (response.body ?? new Blob().stream()).getReader();
      // Not every fetch ties the body to the signal (custom fetches, mocks), so cancel it ourselves.
      const cancel = () => reader.cancel().catch(() => {});
      attemptController.signal.addEventListener('abort', cancel, { once: true });
      try {
        armIdle();
        for (;;) {
          const { done, value } = await reader.read();
          if (attemptController.signal.aborted) throw attemptController.signal.reason;
          if (done) {
            decoder.end();
            break;
          }
          armIdle();
          decoder.push(value);
          if (finished || eventError) break;
        }
      } catch (error) {
        if (controller.signal.aborted) throw controller.signal.reason;
        const reason = attemptController.signal.reason;
        const cause =
          reason instanceof TimeoutError
            ? reason
            : new ConnectionError({
                status,
                type: 'connection_error',
                message: `The connection closed while streaming: ${(error as Error)?.message ?? String(error)}`,
                cause: error,
              });
        // Nothing reached the caller yet, so another attempt cannot duplicate text.
        if (chunks.length === deliveredBefore) throw cause;
        throw interrupted(cause);
      } finally {
        attemptController.signal.removeEventListener('abort', cancel);
        if (finished || eventError) cancel();
      }
    } finally {
      clearTimeout(idleTimer);
      unlink();
    }
    if (eventError) throw interrupted(eventError);
    if (!finished) {
      throw interrupted(
        new UsingAiError({ status, type: 'stream_interrupted', message: 'The stream closed before [DONE]' }),
        'The stream closed before [DONE]',
      );
    }
  }

  async function run(): Promise<AssistantMessage> {
    try {
      await withRetries(context, attempt, { signal: controller.signal, onRetry: options.onRetry });
      return current;
    } catch (error) {
      if (controller.signal.aborted) {
        current = { ...current, finishReason: 'aborted' };
        return current;
      }
      failure =
        started && error instanceof UsingAiError && !(error instanceof StreamInterruptedError)
          ? interrupted(error)
          : error;
      throw failure;
    } finally {
      ended = true;
      wake();
    }
  }

  const done = run();
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
      return () => listeners.delete(listener);
    },
    [Symbol.asyncIterator]() {
      let index = 0;
      return {
        async next(): Promise<IteratorResult<ChatCompletionChunk>> {
          for (;;) {
            const chunk = chunks[index];
            if (chunk) {
              index++;
              return { value: chunk, done: false };
            }
            if (ended) {
              if (failure !== undefined) throw failure;
              return { value: undefined, done: true };
            }
            await new Promise<void>((resolve) => wakeIterators.push(resolve));
          }
        },
        async return(): Promise<IteratorResult<ChatCompletionChunk>> {
          index = Number.POSITIVE_INFINITY;
          return { value: undefined, done: true };
        },
      };
    },
  };
}
