// Rate-limit windows driven by an injected clock: no sleeping, time is moved by the test.
import { describe, expect, it } from 'vitest';
import { createMockHandler, type MockHandler } from '../src/index';

function call(handler: MockHandler, key: string, path = '/v1/models'): Promise<Response> {
  return handler(new Request(`http://mock.test${path}`, { headers: { authorization: `Bearer ${key}` } }));
}

describe('rate limits', () => {
  it('allows the tier limit per window, then 429 with Retry-After until the window resets', async () => {
    let now = 1_000_000;
    const handler = createMockHandler({ now: () => now });
    for (let i = 1; i <= 60; i++) {
      const res = await call(handler, 'sk-test-standard');
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-remaining')).toBe(String(60 - i));
    }
    now += 15_000;
    const limited = await call(handler, 'sk-test-standard');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('45');
    expect(limited.headers.get('x-ratelimit-reset')).toBe('45');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(await limited.json()).toMatchObject({ error: { type: 'rate_limit_exceeded' } });

    // Another key has its own window.
    expect((await call(handler, 'sk-test-donator')).status).toBe(200);

    now += 45_000;
    const fresh = await call(handler, 'sk-test-standard');
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('x-ratelimit-remaining')).toBe('59');
    expect(fresh.headers.get('x-ratelimit-reset')).toBe('60');
  });

  it('uses 120 for donator and 300 for supermaxes', async () => {
    const handler = createMockHandler({ now: () => 0 });
    expect((await call(handler, 'sk-test-donator')).headers.get('x-ratelimit-limit')).toBe('120');
    expect((await call(handler, 'sk-test-supermaxes')).headers.get('x-ratelimit-limit')).toBe('300');
  });

  it('accepts a clock object, a custom window and custom limits', async () => {
    let t = 0;
    const handler = createMockHandler({
      clock: { now: () => t },
      rateLimit: { windowMs: 10_000, limits: { standard: 2 } },
    });
    await call(handler, 'sk-test-standard');
    const second = await call(handler, 'sk-test-standard');
    expect(second.headers.get('x-ratelimit-reset')).toBe('10');
    expect((await call(handler, 'sk-test-standard')).status).toBe(429);
    t = 10_000;
    expect((await call(handler, 'sk-test-standard')).status).toBe(200);
  });

  it('accepts the clock as a plain function', async () => {
    let t = 0;
    const handler = createMockHandler({ clock: () => t, rateLimit: { limits: { standard: 1 } } });
    await call(handler, 'sk-test-standard');
    expect((await call(handler, 'sk-test-standard')).status).toBe(429);
    t = 60_000;
    expect((await call(handler, 'sk-test-standard')).status).toBe(200);
  });

  it('rateLimit: false never answers 429 but still sends the headers', async () => {
    const handler = createMockHandler({ rateLimit: false });
    for (let i = 0; i < 70; i++) expect((await call(handler, 'sk-test-standard')).status).toBe(200);
    const res = await call(handler, 'sk-test-standard');
    expect(res.headers.get('x-ratelimit-limit')).toBe('60');
  });

  it("unauthenticated responses carry headers and do not spend anyone's quota", async () => {
    const handler = createMockHandler({ now: () => 0 });
    const res = await call(handler, 'sk-wrong');
    expect(res.status).toBe(401);
    expect(res.headers.get('x-ratelimit-limit')).toBe('60');
    expect(res.headers.get('x-ratelimit-remaining')).toBe('60');
    expect(res.headers.get('x-ratelimit-reset')).toBe('60');
  });

  it('custom keys and models', async () => {
    const handler = createMockHandler({
      keys: { 'my-key': 'donator' },
      models: [{ id: 'tiny-1', object: 'model', created: 0, owned_by: 'me', tier: 'standard', kind: 'chat' }],
    });
    expect((await call(handler, 'sk-test-standard')).status).toBe(401);
    const list = await (await call(handler, 'my-key')).json();
    expect(list).toEqual({ object: 'list', data: [expect.objectContaining({ id: 'tiny-1' })] });
  });
});
