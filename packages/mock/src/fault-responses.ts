// Faults that replace or delay a whole response, whatever the endpoint. Stream faults live in
// stream-steps.ts and chat-response.ts.
import { sleep } from './delay';
import { FAULTS, type Fault, isFault } from './faults';
import { errorResponse, type HeaderMap, html502Response } from './responses';

/** The header a request names in `X-Mock-Fault`: a fault, nothing, or an error response for a bad name. */
export function headerFault(
  request: Request,
  headers: HeaderMap,
): { fault: Fault | undefined } | { error: Response } {
  const raw = request.headers.get('x-mock-fault');
  if (raw === null) return { fault: undefined };
  const name = raw.trim();
  if (isFault(name)) return { fault: name };
  return {
    error: errorResponse(
      400,
      'invalid_request_error',
      `Unknown X-Mock-Fault "${name}". Known: ${FAULTS.join(', ')}.`,
      headers,
      { param: 'X-Mock-Fault' },
    ),
  };
}

/** Applies `rate_limit`, `server_error`, `html_502` (a replacement response) or `slow_headers` (a wait). */
export async function wholeResponseFault(
  fault: Fault | undefined,
  headers: HeaderMap,
  signal: AbortSignal,
  slowHeadersMs: number,
  /** Seconds until the 429 of the `rate_limit` fault "resets" (Retry-After). Default 1. */
  retryAfterSeconds = 1,
): Promise<Response | undefined> {
  if (fault === 'slow_headers') await sleep(slowHeadersMs, signal);
  if (fault === 'rate_limit') {
    // A transient 429: the "window" resets in one second, so clients that honour Retry-After or
    // X-RateLimit-Reset retry promptly instead of waiting out a real minute.
    const seconds = String(Math.max(1, retryAfterSeconds));
    return errorResponse(
      429,
      'rate_limit_exceeded',
      `Rate limit exceeded (rate_limit fault). Retry in ${seconds} s.`,
      {
        ...headers,
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': seconds,
        'retry-after': seconds,
      },
    );
  }
  if (fault === 'server_error') {
    return errorResponse(
      500,
      'server_error',
      'The upstream model provider failed (server_error fault).',
      headers,
    );
  }
  if (fault === 'html_502') return html502Response(headers);
  return undefined;
}
