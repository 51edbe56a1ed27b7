// Turns any error response into the right UsingAiError subclass, whatever the body: the API's JSON,
// an OpenAI-style variant, an HTML page from a gateway, plain text, or nothing at all.
import {
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  RateLimitError,
  RequestTooLargeError,
  ServerError,
  TierForbiddenError,
  UsingAiError,
  type UsingAiErrorInit,
} from './errors';
import { type HeaderSource, parseRateLimit } from './rate-limit';
import { serverRetryAfterMs } from './retry-delay';
import type { Tier } from './types';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The `type` used when the body does not carry one. */
const DEFAULT_TYPE: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_denied',
  404: 'not_found',
  413: 'request_too_large',
  429: 'rate_limit_exceeded',
};

/** The HTTP status an `{"error":...}` stream event stands for, judged by its type (default 500). */
export function statusForErrorType(type: unknown): number {
  if (type === 'tier_forbidden') return 403;
  const match = Object.keys(DEFAULT_TYPE).find((status) => DEFAULT_TYPE[Number(status)] === type);
  return match ? Number(match) : 500;
}

const TIERS: readonly Tier[] = ['standard', 'donator', 'supermaxes'];

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** A one-line description of a body that is not the API's JSON (an HTML page keeps only its title). */
function describeBody(status: number, body: unknown): string {
  const head = `HTTP ${status}${STATUS_TEXT[status] ? ` ${STATUS_TEXT[status]}` : ''}`;
  const text = typeof body === 'string' ? body.trim() : body == null ? '' : JSON.stringify(body);
  if (!text) return `${head} (empty body)`;
  if (/^<(!doctype|html)/i.test(text)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    return title ? `${head}: ${title}` : `${head} (HTML page)`;
  }
  return `${head}: ${text.length > 200 ? `${text.slice(0, 200)}…` : text}`;
}

function findTier(required: unknown, message: string): Tier | null {
  const named =
    typeof required === 'string' ? required : /\b(standard|donator|supermaxes)\s+tier\b/i.exec(message)?.[1];
  const tier = named?.toLowerCase() as Tier | undefined;
  return tier && TIERS.includes(tier) ? tier : null;
}

/**
 * The UsingAiError subclass for an HTTP error: 400 BadRequestError, 401 AuthenticationError,
 * 403 TierForbiddenError, 404 NotFoundError, 413 RequestTooLargeError, 429 RateLimitError,
 * 5xx ServerError, anything else UsingAiError. `body` may be parsed JSON, raw text, or null.
 */
export function createApiError(
  status: number,
  body: unknown,
  headers?: HeaderSource | null,
  now: number = Date.now(),
): UsingAiError {
  const parsed = parseBody(body);
  const error = (parsed as { error?: unknown } | null)?.error;
  const fields = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const message =
    typeof fields.message === 'string'
      ? fields.message
      : typeof error === 'string'
        ? error
        : describeBody(status, parsed);
  const init: UsingAiErrorInit = {
    status,
    type:
      typeof fields.type === 'string'
        ? fields.type
        : (DEFAULT_TYPE[status] ?? (status >= 500 ? 'server_error' : 'api_error')),
    message,
    body: parsed ?? null,
    headers:
      headers instanceof Headers ? headers : headers ? new Headers(headers as Record<string, string>) : null,
    rateLimit: headers ? parseRateLimit(headers, now) : null,
    retryAfterMs: headers ? serverRetryAfterMs(status, headers, now) : null,
  };
  switch (status) {
    case 400:
      return new BadRequestError(init);
    case 401:
      return new AuthenticationError(init);
    case 403:
      return new TierForbiddenError({ ...init, requiredTier: findTier(fields.required_tier, message) });
    case 404:
      return new NotFoundError(init);
    case 413:
      return new RequestTooLargeError(init);
    case 429:
      return new RateLimitError(init);
  }
  return status >= 500 ? new ServerError(init) : new UsingAiError(init);
}

/** Reads a failed response's body (whatever it is) and builds its error. */
export async function errorFromResponse(response: Response): Promise<UsingAiError> {
  const text = await response.text().catch(() => '');
  return createApiError(response.status, text, response.headers);
}
