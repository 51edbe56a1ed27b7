import type { RetryDelayOptions } from './client-types';
import { numberHeader, resetToEpochMs } from './rate-limit';

/**
 * Exponential backoff with full jitter: retry `attempt` (1-based) waits a uniformly random time in
 * [0, min(maxMs, baseMs * 2^(attempt-1))]. Full jitter spreads clients that failed together.
 * Defaults: baseMs 500, maxMs 8000.
 */
export function backoffDelay(
  attempt: number,
  { baseMs = 500, maxMs = 8000 }: RetryDelayOptions = {},
  random: () => number = Math.random,
): number {
  return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** (attempt - 1)));
}

/** `Retry-After` as ms: delay-seconds or an HTTP date. `null` when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value?.trim()) return null;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  return Number.isNaN(ms) ? null : Math.max(0, ms);
}

/**
 * The wait the server asked for: `Retry-After` first; on a 429 without it, `X-RateLimit-Reset`
 * (seconds until reset, or epoch seconds above 10^9). `null` when the server gave no hint.
 */
export function serverRetryAfterMs(
  status: number,
  headers: Headers,
  now: number = Date.now(),
): number | null {
  const retryAfter = parseRetryAfter(headers.get('retry-after'), now);
  const reset = numberHeader(headers, 'x-ratelimit-reset');
  return (
    retryAfter ?? (status === 429 && reset !== null ? Math.max(0, resetToEpochMs(reset, now) - now) : null)
  );
}
