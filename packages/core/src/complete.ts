// Non-streaming calls: one JSON request, one JSON response, with the client's retry policy.
import { messageFromCompletion } from './accumulate';
import type { ClientContext } from './client-context';
import type { ChatCompletionResult, RequestOptions } from './client-types';
import { createApiError } from './create-api-error';
import { linkAbort } from './link-abort';
import { parseRateLimit } from './rate-limit';
import { connectionError, sendAttempt } from './request';
import { withRetries } from './retry';
import type { ChatCompletion, ChatCompletionRequest, ModelList } from './types';

/** Sends a JSON request with retries and resolves with the parsed body and its response. */
export async function requestJson<T>(
  context: ClientContext,
  method: 'GET' | 'POST',
  path: string,
  body: string | undefined,
  options: RequestOptions = {},
): Promise<[T, Response]> {
  // A signal of our own, linked to the caller's only while this call runs (long-lived signals do not leak).
  const controller = new AbortController();
  const signal = controller.signal;
  const unlink = linkAbort(options.signal, controller);
  try {
    return await withRetries(
      context,
      async () => {
        const response = await sendAttempt(context, {
          method,
          path,
          body,
          accept: 'application/json',
          headers: options.headers,
          signal,
        });
        const text = await response.text().catch((error) => {
          throw signal.aborted ? error : connectionError(error, 'Connection lost', response.status);
        });
        try {
          return [JSON.parse(text), response];
        } catch {
          // A 2xx that is not JSON (a proxy's HTML page): the same readable error as any bad body.
          throw createApiError(response.status, text, response.headers);
        }
      },
      { signal, onRetry: options.onRetry },
    );
  } finally {
    unlink();
  }
}

/** `POST chat/completions` without streaming (`stream` and `stream_options` are dropped from the body). */
export async function complete(
  context: ClientContext,
  { stream: _stream, stream_options: _streamOptions, ...request }: ChatCompletionRequest,
  options?: RequestOptions,
): Promise<ChatCompletionResult> {
  const [completion, response] = await requestJson<ChatCompletion>(
    context,
    'POST',
    'chat/completions',
    JSON.stringify(request),
    options,
  );
  return {
    completion,
    message: messageFromCompletion(completion),
    rateLimit: parseRateLimit(response.headers),
    status: response.status,
    headers: response.headers,
  };
}

/** `GET models`. */
export async function listModels(context: ClientContext, options?: RequestOptions): Promise<ModelList> {
  return (await requestJson<ModelList>(context, 'GET', 'models', undefined, options))[0];
}
