/// <reference path="./rate-limiter-flexible.d.ts" />
// Per-client rate limiting on rate-limiter-flexible: memory by default, Redis when the app runs
// several instances. The limiter only answers "may this client go now, and if not, for how long".
import type { RateLimiterRes } from 'rate-limiter-flexible';
import RateLimiterMemory from 'rate-limiter-flexible/lib/RateLimiterMemory.js';
import RateLimiterRedis from 'rate-limiter-flexible/lib/RateLimiterRedis.js';
import { ProxyConfigError } from './config-error';
import type { PointConsumer, RateLimitOptions } from './options';

export type LimitDecision =
  | { allowed: true }
  | { allowed: false; retryAfterSec: number; limit: number }
  /** The store failed (e.g. Redis is down): the proxy refuses rather than run unlimited. */
  | { allowed: false; storeError: true };

export interface ClientLimiter {
  consume(clientId: string): Promise<LimitDecision>;
}

function isPointConsumer(value: unknown): value is PointConsumer {
  return typeof (value as { consume?: unknown } | null)?.consume === 'function';
}

function isLimiterRes(value: unknown): value is RateLimiterRes {
  return typeof (value as { msBeforeNext?: unknown } | null)?.msBeforeNext === 'number';
}

export function createClientLimiter(options: RateLimitOptions): ClientLimiter {
  const { points, durationSec } = options;
  if (!Number.isInteger(points) || points < 1) {
    throw new ProxyConfigError('rateLimit.points must be a positive integer.');
  }
  if (!Number.isFinite(durationSec) || durationSec <= 0) {
    throw new ProxyConfigError('rateLimit.durationSec must be a positive number of seconds.');
  }
  const keyPrefix = options.keyPrefix ?? 'using-ai-proxy';
  const store = options.store ?? 'memory';
  const limiter: PointConsumer =
    store === 'memory'
      ? new RateLimiterMemory({ points, duration: durationSec, keyPrefix })
      : isPointConsumer(store)
        ? store
        : new RateLimiterRedis({ storeClient: store, points, duration: durationSec, keyPrefix });

  return {
    async consume(clientId) {
      try {
        await limiter.consume(clientId, 1);
        return { allowed: true };
      } catch (rejection) {
        if (!isLimiterRes(rejection)) return { allowed: false, storeError: true };
        return {
          allowed: false,
          retryAfterSec: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
          limit: points,
        };
      }
    },
  };
}
