// The retry policy: which failures are worth another attempt, how long to wait, and the pre-emptive
// wait when the tracked rate-limit window is known to be exhausted.
import { callSafely } from './call-safely';
import type { ClientContext } from './client-context';
import type { RequestOptions } from './client-types';
import { ConnectionError, RateLimitError, ServerError, type UsingAiError } from './errors';
import { rateLimitWaitMs } from './rate-limit';
import { backoffDelay } from './retry-delay';
import { sleep } from './sleep';

/**
 * 429, 500, 502, 503, 504 and connection failures (timeouts included) are retried; nothing else.
 * A stream that already delivered a chunk fails with StreamInterruptedError, which is never retried.
 */
export function isRetryable(error: unknown): error is UsingAiError {
  return (
    error instanceof ConnectionError ||
    ((error instanceof RateLimitError || error instanceof ServerError) &&
      [429, 500, 502, 503, 504].includes(error.status as number))
  );
}

export interface RetryRunOptions extends Pick<RequestOptions, 'onRetry'> {
  signal: AbortSignal;
}

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or `maxRetries` retries are
 * spent. Waits are the server's hint (Retry-After, X-RateLimit-Reset on 429) or full-jitter backoff,
 * and never shorter than the tracked window's reset; a wait above `maxRetryWaitMs` fails at once.
 * Before the first attempt, a window known to be exhausted is waited out (`waitForRateLimit`).
 */
export async function withRetries<T>(
  context: ClientContext,
  attempt: () => Promise<T>,
  { signal, onRetry }: RetryRunOptions,
): Promise<T> {
  const windowWait = () =>
    context.waitForRateLimit === false ? 0 : rateLimitWaitMs(context.rateLimit.current);
  const preemptive = windowWait();
  if (preemptive) {
    const error = new RateLimitError({
      status: 429,
      type: 'rate_limit_exceeded',
      message: `Rate limit exhausted for ${Math.ceil(preemptive / 1000)} s; request not sent`,
      rateLimit: context.rateLimit.current,
      retryAfterMs: preemptive,
    });
    if (preemptive > context.maxRetryWaitMs) throw error;
    callSafely(onRetry, { attempt: 0, delayMs: preemptive, error, reason: 'rate-limit-wait' });
    await sleep(preemptive, signal);
  }
  for (let retry = 1; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      if (signal.aborted || !isRetryable(error) || retry > context.maxRetries) throw error;
      const delayMs = Math.max(error.retryAfterMs ?? backoffDelay(retry, context.retryDelay), windowWait());
      if (delayMs > context.maxRetryWaitMs) throw error;
      callSafely(onRetry, { attempt: retry, delayMs, error, reason: 'retry' });
      await sleep(delayMs, signal);
    }
  }
}
