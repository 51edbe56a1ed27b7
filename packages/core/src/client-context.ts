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

/**
 * The default `idleTimeoutMs`: 60 s, nginx's `proxy_read_timeout`. Most deployments put a proxy with that
 * cut between the browser and the API, so a stream silent for longer was already dead there; without a
 * default, an upstream that stalls after its headers left a browser UI waiting for ever. It is 4x the
 * emulator's keep-alive interval (15 s), the longest silence its thinking models produce while they think.
 */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

/** `idleTimeoutMs`: unset (or NaN, an unset env var) means the default; 0 or Infinity turn it off. */
const idleTimeoutOr = (value: number | undefined) =>
  value === undefined || Number.isNaN(value) ? DEFAULT_IDLE_TIMEOUT_MS : timeoutOrNone(value);

export function createClientContext(options: ClientOptions = {}): ClientContext {
  return {
    ...options,
    baseURL: (options.baseURL ?? '/api/using-ai').replace(/\/+$/, ''),
    maxRetries: countOr(options.maxRetries, 2),
    maxRetryWaitMs: countOr(options.maxRetryWaitMs, 60_000),
    timeoutMs: timeoutOrNone(options.timeoutMs),
    idleTimeoutMs: idleTimeoutOr(options.idleTimeoutMs),
    rateLimit: createRateLimitTracker(),
  };
}
