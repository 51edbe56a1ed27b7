import { createRateLimitTracker, parseRateLimit, type RateLimitInfo } from '@using-ai/core';
import { describe, expect, it } from 'vitest';
import { rateLimitWaitMs } from '../src/rate-limit';

const now = 1_750_000_000_000;

describe('parseRateLimit', () => {
  it('reads the documented headers; Reset is seconds until the window resets', () => {
    const headers = new Headers({
      'X-RateLimit-Limit': '120',
      'X-RateLimit-Remaining': '117',
      'X-RateLimit-Reset': '42',
    });
    expect(parseRateLimit(headers, now)).toEqual({ limit: 120, remaining: 117, resetAt: now + 42_000 });
  });

  it('treats a Reset above 10^9 as epoch seconds', () => {
    const headers = new Headers({
      'x-ratelimit-limit': '60',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': '1750000100',
    });
    expect(parseRateLimit(headers, now)).toEqual({ limit: 60, remaining: 0, resetAt: 1_750_000_100_000 });
  });

  it('accepts a plain object with any header case, and fractional seconds', () => {
    expect(
      parseRateLimit(
        { 'X-RATELIMIT-LIMIT': '300', 'x-ratelimit-remaining': '299', 'X-RateLimit-Reset': '0.5' },
        now,
      ),
    ).toEqual({ limit: 300, remaining: 299, resetAt: now + 500 });
  });

  it('returns null when a header is missing or not a number', () => {
    expect(parseRateLimit(new Headers(), now)).toBeNull();
    expect(
      parseRateLimit(new Headers({ 'x-ratelimit-limit': '1', 'x-ratelimit-remaining': '1' }), now),
    ).toBeNull();
    expect(
      parseRateLimit(
        { 'x-ratelimit-limit': 'many', 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': '1' },
        now,
      ),
    ).toBeNull();
    expect(
      parseRateLimit(
        { 'x-ratelimit-limit': '', 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': '1' },
        now,
      ),
    ).toBeNull();
  });

  it('defaults `now` to the current time', () => {
    const before = Date.now();
    const info = parseRateLimit({
      'x-ratelimit-limit': '1',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': '10',
    });
    expect(info?.resetAt).toBeGreaterThanOrEqual(before + 10_000);
  });
});

describe('rateLimitWaitMs', () => {
  it('waits only when nothing remains and the reset is in the future', () => {
    expect(rateLimitWaitMs({ limit: 1, remaining: 0, resetAt: now + 1500 }, now)).toBe(1500);
    expect(rateLimitWaitMs({ limit: 1, remaining: 1, resetAt: now + 1500 }, now)).toBe(0);
    expect(rateLimitWaitMs({ limit: 1, remaining: 0, resetAt: now - 1 }, now)).toBe(0);
    expect(rateLimitWaitMs(null, now)).toBe(0);
  });
});

describe('createRateLimitTracker', () => {
  it('keeps the latest info, notifies subscribers, ignores null, and unsubscribes', () => {
    const tracker = createRateLimitTracker();
    const seen: RateLimitInfo[] = [];
    const unsubscribe = tracker.subscribe((info) => seen.push(info));
    expect(tracker.current).toBeNull();
    const first = { limit: 10, remaining: 9, resetAt: now };
    tracker.update(first);
    tracker.update(null);
    expect(tracker.current).toBe(first);
    unsubscribe();
    tracker.update({ limit: 10, remaining: 8, resetAt: now });
    expect(seen).toEqual([first]);
    expect(tracker.current?.remaining).toBe(8);
  });
});
