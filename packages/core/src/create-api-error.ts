// Turns any error response into the right UsingAiError subclass, whatever the body: the API's JSON,
// an OpenAI-style variant, an HTML page from a gateway, plain text, or nothing at all.

import type { HeadersInput } from './client-types';
import {
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  RateLimitError,
  RequestTooLargeError,
  ServerError,
  TierForbiddenError,
  UsingAiError,
} from './errors';
import { parseRateLimit } from './rate-limit';
import { serverRetryAfterMs } from './retry-delay';
import type { Tier } from './types';

/** Class and default `type` per status; 5xx fall back to ServerError, anything else to UsingAiError. */
const BY_STATUS: Record<number, [typeof UsingAiError, string]> = {
  400: [BadRequestError, 'invalid_request_error'],
  401: [AuthenticationError, 'authentication_error'],
  403: [TierForbiddenError, 'permission_denied'],
  404: [NotFoundError, 'not_found'],
  413: [RequestTooLargeError, 'request_too_large'],
  429: [RateLimitError, 'rate_limit_exceeded'],
};

/** The HTTP status an `{"error":...}` stream event stands for, judged by its type (default 500). */
export function statusForErrorType(type: unknown): number {
  for (const status in BY_STATUS) if (BY_STATUS[status]?.[1] === type) return +status;
  return type === 'tier_forbidden' ? 403 : 500;
}

/**
 * A one-line description of a body that is not the API's JSON. An HTML page keeps only its heading:
 * the `<title>`, or the first `<h1>` of pages without one (nginx and most gateways write both).
 */
function describeBody(status: number, body: unknown): string {
  const text = (typeof body === 'string' ? body : body == null ? '' : JSON.stringify(body)).trim();
  const html = /^<(!doctype|html)/i.test(text);
  const title = html ? /<(?:title|h1)[^>]*>([^<]*)/i.exec(text)?.[1]?.trim() : text.slice(0, 200);
  return `HTTP ${status}${title ? `: ${title}` : html ? ' (HTML page)' : ' (empty body)'}`;
}

/**
 * The UsingAiError subclass for an HTTP error: 400 BadRequestError, 401 AuthenticationError,
 * 403 TierForbiddenError, 404 NotFoundError, 413 RequestTooLargeError, 429 RateLimitError,
 * 5xx ServerError, anything else UsingAiError. `body` may be parsed JSON, raw text, or null.
 */
export function createApiError(
  status: number,
  body: unknown,
  headers?: HeadersInput | null,
  now: number = Date.now(),
): UsingAiError {
  let parsed = body;
  try {
    parsed = JSON.parse(body as string);
  } catch {}
  const error = (parsed as { error?: unknown } | null)?.error;
  const fields = (error ?? {}) as { type?: unknown; message?: unknown; required_tier?: unknown };
  const message =
    typeof fields.message === 'string'
      ? fields.message
      : typeof error === 'string'
        ? error
        : describeBody(status, parsed);
  const all = headers ? new Headers(headers) : null;
  const server = status >= 500;
  const [Class, defaultType] = BY_STATUS[status] ?? [
    server ? ServerError : UsingAiError,
    server ? 'server_error' : 'api_error',
  ];
  return new (Class as typeof TierForbiddenError)({
    status,
    type: typeof fields.type === 'string' ? fields.type : defaultType,
    message,
    body: parsed ?? null,
    headers: all,
    rateLimit: all && parseRateLimit(all, now),
    retryAfterMs: all && serverRetryAfterMs(status, all, now),
    // A 403 names its tier in `required_tier`, or in prose: "opus-4.5 requires the SuperMaxes tier".
    ...(status === 403 && {
      requiredTier: (/\b(standard|donator|supermaxes) tier/i
        .exec(`${fields.required_tier} tier ${message}`)?.[1]
        ?.toLowerCase() ?? null) as Tier | null,
    }),
  } as ConstructorParameters<typeof TierForbiddenError>[0]);
}

/** Reads a failed response's body (whatever it is) and builds its error. */
export async function errorFromResponse(response: Response): Promise<UsingAiError> {
  return createApiError(response.status, await response.text().catch(() => ''), response.headers);
}
