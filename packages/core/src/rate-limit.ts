import type { RateLimitInfo } from './types';

/** Anything with a case-insensitive `get`, i.e. a Fetch `Headers`; plain objects are accepted too. */
export type HeaderSource = Pick<Headers, 'get'> | Record<string, string | undefined>;

/** Reads one header from a `Headers` or a plain object (case-insensitively). */
export function readHeader(headers: HeaderSource, name: string): string | null {
  if (typeof headers.get === 'function') return (headers as Pick<Headers, 'get'>).get(name);
  const lower = name.toLowerCase();
  for (const key in headers) {
    if (key.toLowerCase() === lower) return (headers as Record<string, string | undefined>)[key] ?? null;
  }
  return null;
}

function readNumber(headers: HeaderSource, name: string): number | null {
  const raw = readHeader(headers, name);
  const value = raw === null || raw.trim() === '' ? Number.NaN : Number(raw);
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
 * `{ limit, remaining, resetAt }` from `X-RateLimit-Limit/Remaining/Reset`, or `null` unless all three
 * are present and numeric. `resetAt` is epoch milliseconds.
 */
export function parseRateLimit(headers: HeaderSource, now: number = Date.now()): RateLimitInfo | null {
  const limit = readNumber(headers, 'x-ratelimit-limit');
  const remaining = readNumber(headers, 'x-ratelimit-remaining');
  const reset = readNumber(headers, 'x-ratelimit-reset');
  if (limit === null || remaining === null || reset === null) return null;
  return { limit, remaining, resetAt: resetToEpochMs(reset, now) };
}

/** Milliseconds to wait before a request the tracked window would reject, or 0. */
export function rateLimitWaitMs(info: RateLimitInfo | null, now: number = Date.now()): number {
  return info && info.remaining <= 0 && info.resetAt > now ? info.resetAt - now : 0;
}

export interface RateLimitTracker {
  /** The latest info seen, or `null` before the first response with rate-limit headers. */
  readonly current: RateLimitInfo | null;
  update(info: RateLimitInfo | null): void;
  /** Called with every new info; returns an unsubscribe function. */
  subscribe(listener: (info: RateLimitInfo) => void): () => void;
}

/** Holds the latest rate-limit info of a client; one per client, shared by all its requests. */
export function createRateLimitTracker(): RateLimitTracker {
  let current: RateLimitInfo | null = null;
  const listeners = new Set<(info: RateLimitInfo) => void>();
  return {
    get current() {
      return current;
    },
    update(info) {
      if (!info) return;
      current = info;
      for (const listener of listeners) listener(info);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
