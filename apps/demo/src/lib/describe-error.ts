import type { ModelInfo, Tier } from '@using-ai/core';
import { isTier, tierLabel } from './tiers';

/** What an error banner shows: a headline, one sentence of detail, and whether "Retry" makes sense. */
export interface ErrorDescription {
  kind: 'tier' | 'auth' | 'rate-limit' | 'server' | 'interrupted' | 'connection' | 'request' | 'unknown';
  title: string;
  detail: string;
  retryable: boolean;
}

/** The fields the banner reads; every core `UsingAiError` has them. */
export interface ErrorLike {
  name?: string;
  message: string;
  status?: number | null;
  type?: string;
  retryAfterMs?: number | null;
  requiredTier?: Tier | null;
}

const TIER_IN_MESSAGE = /requires the (\w+) tier/i;

function requiredTierOf(error: ErrorLike, model: ModelInfo | undefined): Tier | null {
  if (error.requiredTier) return error.requiredTier;
  const named = TIER_IN_MESSAGE.exec(error.message)?.[1]?.toLowerCase();
  if (isTier(named)) return named;
  return model?.tier ?? null;
}

function seconds(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s === 1 ? '1 second' : `${s} seconds`;
}

/**
 * Why a stream broke, without the "Stream interrupted:" the title already says: core prefixes the
 * cause's own message ("Stream interrupted: Connection lost: network error").
 */
function interruptionCause(message: string): string {
  const cause = message.replace(/^(stream interrupted:\s*)+/i, '').replace(/[.\s]+$/, '');
  return cause ? cause[0]!.toUpperCase() + cause.slice(1) : 'The connection closed early';
}

/**
 * Turns a typed core error into words a user can act on. Branches on `name`/`status`/`type` rather than
 * `instanceof` so errors that crossed a serialisation boundary (persisted chats) read the same.
 */
export function describeError(error: ErrorLike, model?: ModelInfo): ErrorDescription {
  const name = error.name ?? '';
  const modelId = model?.id ?? 'This model';
  if (name === 'StreamInterruptedError' || error.type === 'stream_interrupted') {
    return {
      kind: 'interrupted',
      title: 'The answer was interrupted',
      detail: `${interruptionCause(error.message)}. The text received so far is kept above.`,
      retryable: true,
    };
  }
  if (error.status === 403 || name === 'TierForbiddenError') {
    const tier = requiredTierOf(error, model);
    return {
      kind: 'tier',
      title: tier
        ? `${modelId} needs the ${tierLabel(tier)} tier`
        : `${modelId} is not included in this tier`,
      detail: tier
        ? `The server's key is not on the ${tierLabel(tier)} tier. Pick another model, or use a ${tierLabel(tier)} key on the server.`
        : error.message,
      retryable: true,
    };
  }
  if (error.status === 401 || name === 'AuthenticationError') {
    return {
      kind: 'auth',
      title: "The server's API key was rejected (401)",
      detail:
        'The proxy is configured with a missing or invalid key. Set USING_AI_KEY on the server and restart; the browser never holds a key.',
      retryable: true,
    };
  }
  if (error.status === 429 || name === 'RateLimitError') {
    return {
      kind: 'rate-limit',
      title: 'Rate limit reached',
      detail:
        error.retryAfterMs != null
          ? `The window resets in ${seconds(error.retryAfterMs)}. Retry then, or wait for the meter to refill.`
          : 'Too many requests in this window. Retry in a moment.',
      retryable: true,
    };
  }
  if ((error.status ?? 0) >= 500 || name === 'ServerError') {
    return {
      kind: 'server',
      title: `The model provider failed (${error.status ?? 'server error'})`,
      detail: `${error.message} The request was retried automatically before giving up.`,
      retryable: true,
    };
  }
  if (name === 'ConnectionError' || name === 'TimeoutError') {
    return {
      kind: 'connection',
      title: name === 'TimeoutError' ? 'The request timed out' : 'Could not reach the server',
      detail: error.message,
      retryable: true,
    };
  }
  if (error.status === 400 || error.status === 404 || error.status === 413) {
    return {
      kind: 'request',
      title: `The request was refused (${error.status})`,
      detail: error.message,
      retryable: false,
    };
  }
  return { kind: 'unknown', title: 'Something went wrong', detail: error.message, retryable: true };
}
