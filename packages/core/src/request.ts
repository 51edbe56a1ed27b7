// One HTTP attempt: build headers, fetch with a timeout to response headers, and turn every failure
// into a UsingAiError. Retrying is retry.ts's job; reading a stream body is chat-stream.ts's.
import type { ClientContext } from './client-context';
import type { HeadersInput } from './client-types';
import { errorFromResponse } from './create-api-error';
import { ConnectionError, TimeoutError, UsingAiError } from './errors';
import { linkAbort } from './link-abort';
import { parseRateLimit } from './rate-limit';

export interface AttemptInit {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: string;
  accept: string;
  headers?: HeadersInput;
  /** Aborts the attempt; its reason is rethrown as is (an AbortError, or the idle TimeoutError). */
  signal: AbortSignal;
}

/** A ConnectionError for a failure without (or after) a response, keeping the original as `cause`. */
export function connectionError(
  cause: unknown,
  message: string,
  status: number | null = null,
): ConnectionError {
  return new ConnectionError({
    status,
    type: 'connection_error',
    message: `${message}: ${(cause as Error)?.message ?? cause}`,
    cause,
  });
}

/**
 * The fetch's response, or the signal's reason once it aborts. A custom fetch (a test double, a
 * wrapper) may ignore its signal; `timeoutMs` and `abort()` must still end the wait for headers.
 */
function untilAborted(pending: Promise<Response>, signal: AbortSignal): Promise<Response> {
  return new Promise((resolve, reject) => {
    const abort = () => reject(signal.reason);
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort);
    pending
      .then((response) => {
        // Too late to be read: release its connection.
        if (signal.aborted) response.body?.cancel().catch(() => {});
        resolve(response);
      }, reject)
      .finally(() => signal.removeEventListener('abort', abort));
  });
}

/**
 * Sends one request and resolves with the 2xx Response once its headers arrived. Throws the
 * status's UsingAiError for other responses, TimeoutError after `timeoutMs` without headers,
 * ConnectionError when no response came, and the signal's reason when the caller aborted.
 */
export async function sendAttempt(context: ClientContext, init: AttemptInit): Promise<Response> {
  const url = `${context.baseURL}/${init.path}`;
  // The app's own headers first (a function is awaited per attempt); ours win where they collide.
  const headers = new Headers(
    typeof context.headers === 'function' ? await context.headers() : context.headers,
  );
  new Headers(init.headers).forEach((value, key) => {
    headers.set(key, value);
  });
  headers.set('accept', init.accept);
  if (init.body) headers.set('content-type', 'application/json');
  const controller = new AbortController();
  const unlink = linkAbort(init.signal, controller);
  const timer =
    context.timeoutMs &&
    setTimeout(
      () =>
        controller.abort(
          new TimeoutError({ type: 'timeout', message: `No response in ${context.timeoutMs} ms` }),
        ),
      context.timeoutMs,
    );
  try {
    const response = await untilAborted(
      (context.fetch ?? fetch)(url, {
        method: init.method,
        headers,
        body: init.body,
        signal: controller.signal,
      }),
      controller.signal,
    );
    context.rateLimit.update(parseRateLimit(response.headers));
    if (!response.ok) throw await errorFromResponse(response);
    // The link stays: aborting the caller's signal must also stop reading the body.
    return response;
  } catch (error) {
    unlink();
    const reason = controller.signal.reason;
    throw init.signal.aborted || reason instanceof TimeoutError
      ? reason
      : error instanceof UsingAiError
        ? error
        : connectionError(error, `Could not reach ${url}`);
  } finally {
    clearTimeout(timer);
  }
}
