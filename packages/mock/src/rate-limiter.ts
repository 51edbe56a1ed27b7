// A fixed-window request counter per key. Time comes from the injected clock so tests can move it
// instead of sleeping.

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Whole seconds until the window resets (what `X-RateLimit-Reset` carries). */
  resetSeconds: number;
}

export interface RateLimitDecision extends RateLimitState {
  allowed: boolean;
}

interface Window {
  startedAt: number;
  count: number;
}

export interface RateLimiter {
  /** Counts one request against `key` and says whether it fits in the current window. */
  consume(key: string, limit: number): RateLimitDecision;
  /** The state of `key`'s window without counting a request. */
  peek(key: string, limit: number): RateLimitState;
  reset(): void;
}

export function createRateLimiter(windowMs: number, now: () => number): RateLimiter {
  const windows = new Map<string, Window>();

  function current(key: string): Window | undefined {
    const window = windows.get(key);
    if (window && now() - window.startedAt >= windowMs) {
      windows.delete(key);
      return undefined;
    }
    return window;
  }

  function state(window: Window | undefined, limit: number): RateLimitState {
    const elapsed = window ? now() - window.startedAt : 0;
    return {
      limit,
      remaining: Math.max(0, limit - (window?.count ?? 0)),
      resetSeconds: Math.max(0, Math.ceil((windowMs - elapsed) / 1000)),
    };
  }

  return {
    consume(key, limit) {
      let window = current(key);
      if (!window) {
        window = { startedAt: now(), count: 0 };
        windows.set(key, window);
      }
      if (window.count >= limit) return { ...state(window, limit), allowed: false };
      window.count += 1;
      return { ...state(window, limit), allowed: true };
    },
    peek(key, limit) {
      return state(current(key), limit);
    },
    reset() {
      windows.clear();
    },
  };
}

/** The documented headers for a window's state; sent on every response. */
export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    'x-ratelimit-limit': String(state.limit),
    'x-ratelimit-remaining': String(state.remaining),
    'x-ratelimit-reset': String(state.resetSeconds),
  };
}
