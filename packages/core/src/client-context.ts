import type { ClientOptions, HeadersOption, RetryDelayOptions } from './client-types';
import { createRateLimitTracker, type RateLimitTracker } from './rate-limit';
import { DEFAULT_RETRY_DELAY } from './retry-delay';

/** ClientOptions with every default applied, plus the state a client shares across its requests. */
export interface ClientContext {
  baseURL: string;
  fetch: typeof fetch | undefined;
  headers: HeadersOption | undefined;
  maxRetries: number;
  retryDelay: Required<RetryDelayOptions>;
  maxRetryWaitMs: number;
  timeoutMs: number | undefined;
  idleTimeoutMs: number | undefined;
  waitForRateLimit: boolean;
  rateLimit: RateLimitTracker;
}

export function createClientContext(options: ClientOptions = {}): ClientContext {
  return {
    baseURL: (options.baseURL ?? '/api/using-ai').replace(/\/+$/, ''),
    fetch: options.fetch,
    headers: options.headers,
    maxRetries: Math.max(0, options.maxRetries ?? 2),
    retryDelay: { ...DEFAULT_RETRY_DELAY, ...options.retryDelay },
    maxRetryWaitMs: options.maxRetryWaitMs ?? 60_000,
    timeoutMs: options.timeoutMs,
    idleTimeoutMs: options.idleTimeoutMs,
    waitForRateLimit: options.waitForRateLimit ?? true,
    rateLimit: createRateLimitTracker(),
  };
}
