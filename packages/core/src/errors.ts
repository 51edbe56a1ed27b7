// Every failure the client reports is a UsingAiError, so callers can branch with `instanceof` and
// always find the same fields. HTTP errors are built by createApiError (create-api-error.ts).
import type { AssistantMessage } from './assistant-message';
import type { RateLimitInfo, Tier } from './types';

/** The fields a UsingAiError is built from. */
export interface UsingAiErrorInit {
  /** HTTP status; `null` when no response was received (connection errors, timeouts). */
  status?: number | null;
  type: string;
  message: string;
  rateLimit?: RateLimitInfo | null;
  retryAfterMs?: number | null;
  /** The parsed JSON body, the body text, or `null`. */
  body?: unknown;
  headers?: Headers | null;
  cause?: unknown;
}

/** Every failure the client reports: branch on the subclass (`instanceof`) or on `type` and `status`. */
export class UsingAiError extends Error {
  override name = 'UsingAiError';
  /** HTTP status; `null` when no response was received. */
  declare readonly status: number | null;
  /** The API's `error.type`, or a local one: `connection_error`, `timeout`, `stream_interrupted`... */
  declare readonly type: string;
  declare readonly rateLimit: RateLimitInfo | null;
  /** How long the server asked us to wait (Retry-After, or X-RateLimit-Reset on a 429), in ms. */
  declare readonly retryAfterMs: number | null;
  /** The parsed JSON body, the body text, or `null`. */
  declare readonly body: unknown;
  declare readonly headers: Headers | null;

  constructor(init: UsingAiErrorInit) {
    super(init.message);
    // Subclass extras (partial, requiredTier) arrive in `init` too, so one assignment sets every field.
    Object.assign(
      this,
      { status: null, rateLimit: null, retryAfterMs: null, body: null, headers: null },
      init,
    );
  }
}

/** 400: the request was malformed or had an invalid parameter. */
export class BadRequestError extends UsingAiError {
  override name = 'BadRequestError';
}

/** 401: missing or invalid credentials (the app's own, or the proxy's key). */
export class AuthenticationError extends UsingAiError {
  override name = 'AuthenticationError';
}

/** 403: the key's tier does not include the model (`type: "tier_forbidden"`), or any other 403. */
export class TierForbiddenError extends UsingAiError {
  override name = 'TierForbiddenError';
  /** The tier the model needs, when the body or message names it (else `null`). */
  declare readonly requiredTier: Tier | null;

  constructor(init: UsingAiErrorInit & { requiredTier: Tier | null }) {
    super(init);
  }
}

/** 404: unknown path or model. */
export class NotFoundError extends UsingAiError {
  override name = 'NotFoundError';
}

/** 413: the request body is larger than the server accepts. */
export class RequestTooLargeError extends UsingAiError {
  override name = 'RequestTooLargeError';
}

/** 429: rate limit exceeded; `retryAfterMs` says when the window resets. */
export class RateLimitError extends UsingAiError {
  override name = 'RateLimitError';
}

/** 5xx: the API, the upstream provider or the proxy failed. */
export class ServerError extends UsingAiError {
  override name = 'ServerError';
}

/** No response: DNS, refused or reset connection, CORS, or an invalid URL. `cause` holds the original. */
export class ConnectionError extends UsingAiError {
  override name = 'ConnectionError';
}

/** `timeoutMs` passed before response headers, or `idleTimeoutMs` passed between stream bytes. */
export class TimeoutError extends ConnectionError {
  override name = 'TimeoutError';
}

/**
 * A stream failed after its response started: closed without `[DONE]`, sent a chunk that is not JSON,
 * sent an `{"error":...}` event, stalled past `idleTimeoutMs`, or lost its connection.
 * `partial` is everything received before the failure; `cause` is the underlying error.
 */
export class StreamInterruptedError extends UsingAiError {
  override name = 'StreamInterruptedError';
  declare readonly partial: AssistantMessage;
  /** For `streamObject`: the object parsed before the failure (deep-partial); `undefined` otherwise. */
  declare readonly partialObject?: unknown;

  constructor(init: UsingAiErrorInit & { partial: AssistantMessage; partialObject?: unknown }) {
    super(init);
  }
}
