import {
  BadRequestError,
  ConnectionError,
  emptyAssistantMessage,
  RateLimitError,
  type RetryEvent,
  ServerError,
  StreamInterruptedError,
  TimeoutError,
  type UsingAiError,
} from '@using-ai/core';
import { describe, expect, it } from 'vitest';
import { createClientContext } from '../src/client-context';
import { isRetryable, withRetries } from '../src/retry';

const server = (status: number) => new ServerError({ status, type: 'server_error', message: String(status) });

describe('isRetryable', () => {
  it('retries 429, 500, 502, 503, 504 and connection failures only', () => {
    expect(isRetryable(new RateLimitError({ status: 429, type: 'rate_limit_exceeded', message: '' }))).toBe(
      true,
    );
    for (const status of [500, 502, 503, 504]) expect(isRetryable(server(status))).toBe(true);
    for (const status of [501, 505, 599]) expect(isRetryable(server(status))).toBe(false);
    expect(isRetryable(new ConnectionError({ type: 'connection_error', message: '' }))).toBe(true);
    expect(isRetryable(new TimeoutError({ type: 'timeout', message: '' }))).toBe(true);
    expect(
      isRetryable(new BadRequestError({ status: 400, type: 'invalid_request_error', message: '' })),
    ).toBe(false);
    const interrupted = new StreamInterruptedError({
      status: 200,
      type: 'stream_interrupted',
      message: '',
      partial: emptyAssistantMessage(),
    });
    expect(isRetryable(interrupted)).toBe(false);
    expect(isRetryable(new Error('plain'))).toBe(false);
  });
});

describe('withRetries', () => {
  const context = () => createClientContext({ retryDelay: { baseMs: 4, maxMs: 4 } });

  it('stops after maxRetries and throws the last error', async () => {
    const ctx = { ...context(), maxRetries: 2 };
    const errors = [server(500), server(502), server(503), server(504)];
    let calls = 0;
    const events: RetryEvent[] = [];
    const result = withRetries(
      ctx,
      async () => {
        throw errors[calls++] as UsingAiError;
      },
      { signal: new AbortController().signal, onRetry: (e) => events.push(e) },
    );
    await expect(result).rejects.toBe(errors[2]);
    expect(calls).toBe(3);
    expect(events.map((e) => [e.attempt, e.reason, e.delayMs <= 4])).toEqual([
      [1, 'retry', true],
      [2, 'retry', true],
    ]);
  });

  it('returns the first success', async () => {
    let calls = 0;
    const value = await withRetries(
      context(),
      async () => {
        if (calls++ === 0) throw new ConnectionError({ type: 'connection_error', message: 'reset' });
        return 'ok';
      },
      { signal: new AbortController().signal },
    );
    expect(value).toBe('ok');
    expect(calls).toBe(2);
  });

  it('uses the server hint over backoff, and fails at once when it exceeds maxRetryWaitMs', async () => {
    const ctx = { ...context(), maxRetryWaitMs: 1000 };
    const tooLong = new RateLimitError({
      status: 429,
      type: 'rate_limit_exceeded',
      message: '',
      retryAfterMs: 5000,
    });
    let calls = 0;
    await expect(
      withRetries(
        ctx,
        async () => {
          calls++;
          throw tooLong;
        },
        { signal: new AbortController().signal },
      ),
    ).rejects.toBe(tooLong);
    expect(calls).toBe(1);

    const events: RetryEvent[] = [];
    let second = 0;
    await withRetries(
      ctx,
      async () => {
        if (second++ === 0)
          throw new ServerError({ status: 503, type: 'server_error', message: '', retryAfterMs: 7 });
        return 'ok';
      },
      { signal: new AbortController().signal, onRetry: (e) => events.push(e) },
    );
    expect(events[0]?.delayMs).toBe(7);
  });

  it('waits out a known-exhausted window before the first attempt, reported with attempt 0', async () => {
    const ctx = context();
    ctx.rateLimit.update({ limit: 10, remaining: 0, resetAt: Date.now() + 50 });
    const events: RetryEvent[] = [];
    await withRetries(ctx, async () => 'sent', {
      signal: new AbortController().signal,
      onRetry: (e) => events.push(e),
    });
    expect(events).toHaveLength(1);
    expect(events[0]?.reason).toBe('rate-limit-wait');
    expect(events[0]?.attempt).toBe(0);
    expect(events[0]?.error).toBeInstanceOf(RateLimitError);
    expect(events[0]?.delayMs).toBeGreaterThan(0);
    expect(events[0]?.delayMs).toBeLessThanOrEqual(50);
  });

  it('an abort during a wait rejects with the abort reason and stops retrying', async () => {
    const controller = new AbortController();
    let calls = 0;
    const result = withRetries(
      { ...context(), retryDelay: { baseMs: 60_000, maxMs: 60_000 } },
      async () => {
        calls++;
        throw server(500);
      },
      { signal: controller.signal, onRetry: () => controller.abort(new Error('user stop')) },
    );
    await expect(result).rejects.toThrow('user stop');
    expect(calls).toBe(1);
  });
});
