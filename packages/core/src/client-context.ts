import type { ClientOptions } from './client-types';
import { createRateLimitTracker, type RateLimitTracker } from './rate-limit';
import { MAX_TIMER_MS } from './sleep';

/** ClientOptions with every default applied, plus the state a client shares across its requests. */
export interface ClientContext extends Omit<ClientOptions, 'baseURL' | 'maxRetries' | 'maxRetryWaitMs'> {
  baseURL: string;
  maxRetries: number;
  maxRetryWaitMs: number;
  rateLimit: RateLimitTracker;
}

/** A count or wait from the options: itself when it is a number >= 0 (Infinity too), else the default. */
const countOr = (value: number | undefined, fallback: number) =>
  value !== undefined && value >= 0 ? value : fallback;

/**
 * A timeout from the options, or `undefined` for none: 0, negative, NaN and anything a timer cannot hold
 * (Infinity, above 2^31 - 1 ms, which timers would clamp to 1 ms) all mean "no limit".
 */
const timeoutOrNone = (value: number | undefined) =>
  value !== undefined && value > 0 && value <= MAX_TIMER_MS ? value : undefined;

export function createClientContext(options: ClientOptions = {}): ClientContext {
  return {
    ...options,
    baseURL: (options.baseURL ?? '/api/using-ai').replace(/\/+$/, ''),
    maxRetries: countOr(options.maxRetries, 2),
    maxRetryWaitMs: countOr(options.maxRetryWaitMs, 60_000),
    timeoutMs: timeoutOrNone(options.timeoutMs),
    idleTimeoutMs: timeoutOrNone(options.idleTimeoutMs),
    rateLimit: createRateLimitTracker(),
  };
}
