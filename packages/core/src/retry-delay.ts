import type { RetryDelayOptions } from './client-types';
import { type HeaderSource, readHeader, resetToEpochMs } from './rate-limit';

export const DEFAULT_RETRY_DELAY: Required<RetryDelayOptions> = { baseMs: 500, maxMs: 8000 };

/**
 * Exponential backoff with full jitter: retry `attempt` (1-based) waits a uniformly random time in
 * [0, min(maxMs, baseMs * 2^(attempt-1))]. Full jitter spreads clients that failed together.
 */
export function backoffDelay(
  attempt: number,
  options: RetryDelayOptions = {},
  random: () => number = Math.random,
): number {
  const baseMs = options.baseMs ?? DEFAULT_RETRY_DELAY.baseMs;
  const maxMs = options.maxMs ?? DEFAULT_RETRY_DELAY.maxMs;
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** `Retry-After` as ms: delay-seconds or an HTTP date. `null` when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * The wait the server asked for: `Retry-After` first; on a 429 without it, `X-RateLimit-Reset`
 * (seconds until reset, or epoch seconds above 10^9). `null` when the server gave no hint.
 */
export function serverRetryAfterMs(
  status: number,
  headers: HeaderSource,
  now: number = Date.now(),
): number | null {
  const retryAfter = parseRetryAfter(readHeader(headers, 'retry-after'), now);
  if (retryAfter !== null || status !== 429) return retryAfter;
  const reset = Number(readHeader(headers, 'x-ratelimit-reset') || Number.NaN);
  return Number.isFinite(reset) ? Math.max(0, resetToEpochMs(reset, now) - now) : null;
}
