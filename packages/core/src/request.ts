// One HTTP attempt: build headers, fetch with a timeout to response headers, and turn every failure
// into a UsingAiError. Retrying is retry.ts's job; reading a stream body is chat-stream.ts's.
import type { ClientContext } from './client-context';
import { errorFromResponse } from './create-api-error';
import { ConnectionError, TimeoutError, UsingAiError } from './errors';
import { linkAbort } from './link-abort';
import { parseRateLimit } from './rate-limit';

export interface AttemptInit {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  accept: string;
  headers?: HeadersInit;
  /** Aborts the attempt; its reason is rethrown as is (an AbortError, or the idle TimeoutError). */
  signal: AbortSignal;
}

async function buildHeaders(context: ClientContext, init: AttemptInit): Promise<Headers> {
  const headers = new Headers({ accept: init.accept });
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  const shared = typeof context.headers === 'function' ? await context.headers() : context.headers;
  for (const extra of [shared, init.headers]) {
    if (!extra) continue;
    new Headers(extra).forEach((value, key) => {
      headers.set(key, value);
    });
  }
  return headers;
}

/**
 * Sends one request and resolves with the 2xx Response once its headers arrived. Throws the
 * status's UsingAiError for other responses, TimeoutError after `timeoutMs` without headers,
 * ConnectionError when no response came, and the signal's reason when the caller aborted.
 */
export async function sendAttempt(context: ClientContext, init: AttemptInit): Promise<Response> {
  const url = `${context.baseURL}/${init.path}`;
  const controller = new AbortController();
  const unlink = linkAbort(init.signal, controller);
  const timer =
    context.timeoutMs === undefined
      ? undefined
      : setTimeout(
          () =>
            controller.abort(
              new TimeoutError({
                type: 'timeout',
                message: `No response headers from ${url} within ${context.timeoutMs} ms`,
              }),
            ),
          context.timeoutMs,
        );
  try {
    const fetchImpl = context.fetch ?? globalThis.fetch;
    const response = await fetchImpl(url, {
      method: init.method,
      headers: await buildHeaders(context, init),
      body: init.body,
      signal: controller.signal,
    });
    context.rateLimit.update(parseRateLimit(response.headers));
    if (!response.ok) throw await errorFromResponse(response);
    // The link stays: aborting the caller's signal must also stop reading the body.
    return response;
  } catch (error) {
    unlink();
    if (init.signal.aborted) throw init.signal.reason;
    if (controller.signal.aborted && controller.signal.reason instanceof TimeoutError)
      throw controller.signal.reason;
    if (error instanceof UsingAiError) throw error;
    throw new ConnectionError({
      type: 'connection_error',
      message: `Could not reach ${url}: ${(error as Error)?.message ?? String(error)}`,
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
}
