// Non-streaming calls: one JSON request, one JSON response, with the client's retry policy.
import { messageFromCompletion } from './accumulate';
import type { ClientContext } from './client-context';
import type { ChatCompletionResult, RequestOptions } from './client-types';
import { ConnectionError, UsingAiError } from './errors';
import { linkAbort } from './link-abort';
import { parseRateLimit } from './rate-limit';
import { sendAttempt } from './request';
import { withRetries } from './retry';
import type { ChatCompletion, ChatCompletionRequest, ModelList } from './types';

async function readJson<T>(response: Response, signal: AbortSignal): Promise<T> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw new ConnectionError({
      status: response.status,
      type: 'connection_error',
      message: `The connection closed while reading the response: ${(error as Error)?.message ?? String(error)}`,
      cause: error,
    });
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new UsingAiError({
      status: response.status,
      type: 'invalid_response',
      message: `Expected a JSON response, got: ${text.slice(0, 100) || '(empty body)'}`,
      body: text,
      headers: response.headers,
    });
  }
}

/** Sends a JSON request with retries and resolves with the parsed body and its response. */
export async function requestJson<T>(
  context: ClientContext,
  init: { method: 'GET' | 'POST'; path: string; body?: string },
  options: RequestOptions = {},
): Promise<{ data: T; response: Response }> {
  const controller = new AbortController();
  const unlink = linkAbort(options.signal, controller);
  try {
    return await withRetries(
      context,
      async () => {
        const response = await sendAttempt(context, {
          ...init,
          accept: 'application/json',
          headers: options.headers,
          signal: controller.signal,
        });
        return { data: await readJson<T>(response, controller.signal), response };
      },
      { signal: controller.signal, onRetry: options.onRetry },
    );
  } finally {
    unlink();
  }
}

/** `POST chat/completions` without streaming (`stream` and `stream_options` are dropped from the body). */
export async function complete(
  context: ClientContext,
  request: ChatCompletionRequest,
  options?: RequestOptions,
): Promise<ChatCompletionResult> {
  const { stream: _stream, stream_options: _streamOptions, ...rest } = request;
  const { data, response } = await requestJson<ChatCompletion>(
    context,
    { method: 'POST', path: 'chat/completions', body: JSON.stringify(rest) },
    options,
  );
  return {
    completion: data,
    message: messageFromCompletion(data),
    rateLimit: parseRateLimit(response.headers),
    status: response.status,
    headers: response.headers,
  };
}

/** `GET models`. */
export async function listModels(context: ClientContext, options?: RequestOptions): Promise<ModelList> {
  return (await requestJson<ModelList>(context, { method: 'GET', path: 'models' }, options)).data;
}
