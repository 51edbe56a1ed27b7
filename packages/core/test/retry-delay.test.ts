import { backoffDelay, parseRetryAfter } from '@using-ai/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serverRetryAfterMs } from '../src/retry-delay';

const now = Date.parse('2026-01-01T00:00:00Z');

describe('backoffDelay (full jitter)', () => {
  it('spans [0, min(maxMs, baseMs * 2^(attempt-1))]', () => {
    expect(backoffDelay(1, { baseMs: 100, maxMs: 1000 }, () => 0)).toBe(0);
    expect(backoffDelay(1, { baseMs: 100, maxMs: 1000 }, () => 0.999999)).toBe(99);
    expect(backoffDelay(3, { baseMs: 100, maxMs: 1000 }, () => 0.5)).toBe(200);
    expect(backoffDelay(10, { baseMs: 100, maxMs: 1000 }, () => 0.5)).toBe(500);
  });

  it('defaults to baseMs 500 and maxMs 8000', () => {
    expect(backoffDelay(1, {}, () => 0.999999)).toBe(499);
    expect(backoffDelay(20, undefined, () => 0.999999)).toBe(7999);
  });

  it('property: never negative, never above the ceiling', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 0.9999, noNaN: true }),
        (attempt, r) => {
          const delay = backoffDelay(attempt, { baseMs: 50, maxMs: 3000 }, () => r);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(Math.min(3000, 50 * 2 ** (attempt - 1)));
        },
      ),
    );
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('0.25', now)).toBe(250);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
  });

  it('returns null for absent or unreadable values', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});

describe('serverRetryAfterMs', () => {
  it('prefers Retry-After, then X-RateLimit-Reset on a 429 only', () => {
    const both = new Headers({ 'retry-after': '3', 'x-ratelimit-reset': '40' });
    expect(serverRetryAfterMs(429, both, now)).toBe(3000);
    expect(serverRetryAfterMs(429, new Headers({ 'x-ratelimit-reset': '40' }), now)).toBe(40_000);
    expect(serverRetryAfterMs(429, new Headers({ 'x-ratelimit-reset': String(now / 1000 + 5) }), now)).toBe(
      5000,
    );
    expect(serverRetryAfterMs(503, new Headers({ 'x-ratelimit-reset': '40' }), now)).toBeNull();
    expect(serverRetryAfterMs(503, new Headers({ 'retry-after': '1' }), now)).toBe(1000);
    expect(serverRetryAfterMs(429, new Headers(), now)).toBeNull();
  });
});
