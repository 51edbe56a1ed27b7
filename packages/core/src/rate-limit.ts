import { callSafely } from './call-safely';
import type { HeadersInput } from './client-types';
import type { RateLimitInfo } from './types';

/** A header as a finite number, or `null`. */
export function numberHeader(headers: Headers, name: string): number | null {
  const value = Number(headers.get(name) || Number.NaN);
  return Number.isFinite(value) ? value : null;
}

/**
 * Converts an `X-RateLimit-Reset` value to epoch ms. The docs send seconds until the window resets;
 * some servers send an epoch in seconds instead, which is the only sane reading of a value above 10^9.
 */
export function resetToEpochMs(reset: number, now: number = Date.now()): number {
  return reset > 1e9 ? reset * 1000 : now + reset * 1000;
}

/**
 * `{ limit, remaining, resetAt }` from `X-RateLimit-Limit/Remaining/Reset` (any header case), or
 * `null` unless all three are present and numeric. `resetAt` is epoch milliseconds.
 * Accepts a `Headers`, a plain object or an array of pairs.
 */
export function parseRateLimit(headers: HeadersInput, now: number = Date.now()): RateLimitInfo | null {
  const all = new Headers(headers);
  const limit = numberHeader(all, 'x-ratelimit-limit');
  const remaining = numberHeader(all, 'x-ratelimit-remaining');
  const reset = numberHeader(all, 'x-ratelimit-reset');
  return limit === null || remaining === null || reset === null
    ? null
    : { limit, remaining, resetAt: resetToEpochMs(reset, now) };
}

/** Milliseconds to wait before a request the tracked window would reject, or 0. */
export function rateLimitWaitMs(info: RateLimitInfo | null, now: number = Date.now()): number {
  return info && info.remaining <= 0 && info.resetAt > now ? info.resetAt - now : 0;
}

/** The latest rate-limit info of one client, and its listeners. */
export interface RateLimitTracker {
  /** The latest info seen, or `null` before the first response with rate-limit headers. */
  readonly current: RateLimitInfo | null;
  /** Records a response's info (`null` is ignored) and calls every listener with it. */
  update(info: RateLimitInfo | null): void;
  /** Called with every new info; returns an unsubscribe function. */
  subscribe(listener: (info: RateLimitInfo) => void): () => void;
}

/** Holds the latest rate-limit info of a client; one per client, shared by all its requests. */
export function createRateLimitTracker(): RateLimitTracker {
  const listeners = new Set<(info: RateLimitInfo) => void>();
  const tracker = {
    current: null as RateLimitInfo | null,
    update(info: RateLimitInfo | null) {
      if (!info) return;
      tracker.current = info;
      // A copy: a listener that subscribes another is not called again in this round. One that throws
      // is reported and does not fail the request that brought the headers.
      for (const listener of [...listeners]) callSafely(listener, info);
    },
    subscribe(listener: (info: RateLimitInfo) => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
  return tracker;
}
