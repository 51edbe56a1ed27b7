// The /__mock/* control endpoints over plain HTTP: faults, config, reset (split from faults.test.ts).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../src/index';
import { chatRequest, contentOf, KEYS, readSse } from './support';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ slowHeadersMs: 60_000 });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const body = {
  model: 'sonnet-4.5',
  messages: [{ role: 'user' as const, content: 'Tell me about rivers in Europe.' }],
};
const stream = { ...body, stream: true };

describe('control endpoints over HTTP', () => {
  const admin = (path: string, method = 'GET', json?: unknown) =>
    fetch(`${server.url}/__mock/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: json === undefined ? undefined : JSON.stringify(json),
    });

  it('POST/GET/DELETE /__mock/faults', async () => {
    let res = await admin('faults', 'POST', { fault: 'html_502', times: 2 });
    expect(res.status).toBe(200);
    expect((await res.json()).faults).toEqual([{ fault: 'html_502', remaining: 2 }]);
    expect((await chatRequest(server.baseURL, body)).status).toBe(502);
    res = await admin('faults');
    expect((await res.json()).faults).toEqual([{ fault: 'html_502', remaining: 1 }]);
    res = await admin('faults', 'DELETE');
    expect((await res.json()).faults).toEqual([]);
    expect((await chatRequest(server.baseURL, body)).status).toBe(200);

    await admin('faults', 'POST', { fault: 'rate_limit', times: null });
    for (let i = 0; i < 3; i++) expect((await chatRequest(server.baseURL, body)).status).toBe(429);
    expect((await (await admin('faults')).json()).faults).toEqual([{ fault: 'rate_limit', remaining: null }]);
  });

  it('also answers under a prefix such as /v1/__mock/*', async () => {
    const res = await fetch(`${server.baseURL}/__mock/faults`, {
      method: 'POST',
      body: JSON.stringify({ fault: 'server_error' }),
    });
    expect(res.status).toBe(200);
    expect((await chatRequest(server.baseURL, body)).status).toBe(500);
  });

  it('refuses unknown faults, bad times and bad JSON with the API error shape', async () => {
    for (const [method, json] of [
      ['POST', { fault: 'meteor' }],
      ['POST', { fault: 'stall', times: -1 }],
      ['POST', '{oops'],
    ] as const) {
      const res =
        typeof json === 'string'
          ? await fetch(`${server.url}/__mock/faults`, { method, body: json })
          : await admin('faults', method, json);
      expect(res.status).toBe(400);
      expect((await res.json()).error.type).toBe('invalid_request_error');
    }
    expect((await admin('faults', 'PUT', {})).status).toBe(405);
    expect((await admin('nothing')).status).toBe(404);
  });

  it('GET/POST /__mock/config changes pacing at runtime; reset restores it', async () => {
    const initial = await (await admin('config')).json();
    expect(initial).toEqual({
      ttftMs: 0,
      tokensPerSecond: 0,
      keepAliveMs: 15_000,
      slowHeadersMs: 60_000,
      seed: 0,
    });
    const res = await admin('config', 'POST', { ttftMs: 5, tokensPerSecond: 1000 });
    expect(await res.json()).toMatchObject({ ttftMs: 5, tokensPerSecond: 1000 });
    expect(server.handler.config.tokensPerSecond).toBe(1000);
    expect((await admin('config', 'POST', { ttftMs: -1 })).status).toBe(400);
    expect((await admin('config', 'POST', { warp: 9 })).status).toBe(400);
    // Still answers correctly with pacing on.
    expect((await readSse(await chatRequest(server.baseURL, stream))).data.at(-1)).toBe('[DONE]');

    expect((await admin('reset', 'POST')).status).toBe(200);
    expect(await (await admin('config')).json()).toEqual(initial);
  });

  it('a different seed changes the text; the same seed restores it', async () => {
    const a = contentOf(await readSse(await chatRequest(server.baseURL, stream)));
    await admin('config', 'POST', { seed: 12345 });
    const b = contentOf(await readSse(await chatRequest(server.baseURL, stream)));
    await admin('config', 'POST', { seed: 0 });
    const c = contentOf(await readSse(await chatRequest(server.baseURL, stream)));
    expect(b).not.toBe(a);
    expect(c).toBe(a);
  });

  it('POST /__mock/reset clears rate-limit windows', async () => {
    const limited = await startMockServer({ rateLimit: { limits: { standard: 1 } } });
    try {
      const cheap = { ...body, model: 'haiku-4.5' };
      const first = await chatRequest(limited.baseURL, cheap, { key: KEYS.standard });
      expect(first.status).toBe(200);
      expect((await chatRequest(limited.baseURL, cheap, { key: KEYS.standard })).status).toBe(429);
      await fetch(`${limited.url}/__mock/reset`, { method: 'POST' });
      expect((await chatRequest(limited.baseURL, cheap, { key: KEYS.standard })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
