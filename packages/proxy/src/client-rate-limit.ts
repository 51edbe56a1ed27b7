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
  | { allowed: false; storeError: true; retryAfterSec: number };

/** Longest wait for the store's answer: a store that does not answer is a store that is down. */
export const STORE_TIMEOUT_MS = 1_000;
/** What a client is told to wait while the store is down. */
export const STORE_RETRY_AFTER_SEC = 5;

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
        : new RateLimiterRedis({
            storeClient: store,
            points,
            duration: durationSec,
            keyPrefix,
          });
  // An ioredis client says whether it is connected; during an outage a request is refused at once
  // instead of waiting in the client's offline queue (at start-up, while it connects, it may wait).
  const connection =
    typeof (store as { status?: unknown }).status === 'string' ? (store as { status: string }) : null;
  const log = options.log ?? ((line: string) => console.warn(line));
  let down = false;
  const recovered = () => {
    if (!down) return;
    down = false;
    log('using-ai-proxy: the rate-limit store is back; requests are limited again.');
  };

  return {
    async consume(clientId) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${STORE_TIMEOUT_MS} ms`)),
          STORE_TIMEOUT_MS,
        );
      });
      try {
        if (down && connection !== null && connection.status !== 'ready') {
          throw new Error('still down');
        }
        await Promise.race([limiter.consume(clientId, 1), deadline]);
        recovered();
        return { allowed: true };
      } catch (rejection) {
        if (!isLimiterRes(rejection)) {
          // One line per outage, not one per request.
          if (!down) {
            down = true;
            const reason = rejection instanceof Error ? rejection.message : String(rejection);
            log(
              `using-ai-proxy: the rate-limit store is unavailable (${reason}); answering 503 until it is back.`,
            );
          }
          return { allowed: false, storeError: true, retryAfterSec: STORE_RETRY_AFTER_SEC };
        }
        recovered();
        return {
          allowed: false,
          retryAfterSec: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
          limit: points,
        };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
