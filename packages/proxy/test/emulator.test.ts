// Through the proxy (Node adapter, real HTTP) to the real emulator (@using-ai/mock, real HTTP).
import { type MockServer, startMockServer } from '@using-ai/mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createProxy, type ProxyOptions } from '../src/index';
import { type ProxyServer, startProxyServer } from '../src/proxy-server';

let mock: MockServer;
const proxies: ProxyServer[] = [];

beforeAll(async () => {
  mock = await startMockServer();
});
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.close()));
  mock.reset();
});
afterAll(() => mock.close());

async function proxy(options: ProxyOptions = {}): Promise<string> {
  const server = await startProxyServer({
    port: 0,
    apiKey: 'sk-test-donator',
    upstream: mock.url,
    ...options,
  });
  proxies.push(server);
  return server.url;
}

const REQ = {
  model: 'deepseek-r2',
  messages: [{ role: 'user', content: 'Stream me a haiku.' }],
  stream: true,
  seed: 7,
};
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

function contentOf(sse: string): string {
  let text = '';
  for (const line of sse.split('\n')) {
    if (!line.startsWith('data: {')) continue;
    const chunk = JSON.parse(line.slice(6));
    text += chunk.choices[0]?.delta?.content ?? '';
  }
  return text;
}

describe('against the emulator', () => {
  it('streams the same content as a direct call, with the API headers', async () => {
    const base = await proxy();
    const direct = await post(`${mock.baseURL}/chat/completions`, REQ, {
      authorization: 'Bearer sk-test-donator',
    });
    const proxied = await post(`${base}/chat/completions`, REQ);
    expect(proxied.status).toBe(200);
    expect(proxied.headers.get('content-type')).toContain('text/event-stream');
    for (const name of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) {
      expect(proxied.headers.get(name), name).toMatch(/^\d+$/);
    }
    const [a, b] = [await direct.text(), await proxied.text()];
    expect(contentOf(b)).toBe(contentOf(a));
    expect(contentOf(b).length).toBeGreaterThan(0);
    expect(b.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(b).not.toContain('sk-test-donator');
  });

  it('delivers chunks as they arrive, before the stream ends', async () => {
    mock.configure({ tokensPerSecond: 50 });
    const res = await post(`${await proxy()}/chat/completions`, { ...REQ, max_tokens: 40 });
    const reader = res.body!.getReader();
    const first = await reader.read();
    // The first chunk arrives while the emulator is still producing tokens.
    expect(mock.handler.openStreams).toBe(1);
    expect(new TextDecoder().decode(first.value)).toContain('data: ');
    await reader.cancel();
  });

  it('non-streaming completions pass through, and GET models forwards upstream', async () => {
    const base = await proxy();
    const res = await post(`${base}/chat/completions`, { ...REQ, stream: false });
    const body = await res.json();
    expect(body.object).toBe('chat.completion');
    expect(body.usage.total_tokens).toBeGreaterThan(0);
    const models = await (await fetch(`${base}/models`)).json();
    expect(models.data.map((m: { id: string }) => m.id)).toContain('deepseek-r2');
  });

  it('passes the API errors through: tier_forbidden, rate limit with Retry-After, HTML 502 reshaped', async () => {
    const base = await proxy({ apiKey: 'sk-test-standard' });
    const tier = await post(`${base}/chat/completions`, { ...REQ, model: 'opus-4.5' });
    expect(tier.status).toBe(403);
    expect((await tier.json()).error.type).toBe('tier_forbidden');

    mock.inject('rate_limit');
    const limited = await post(`${base}/chat/completions`, REQ);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await limited.json()).error.type).toBeTypeOf('string');

    mock.inject('html_502');
    const html = await post(`${base}/chat/completions`, REQ);
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toBe('application/json');
    expect((await html.json()).error.type).toBe('upstream_error');
  });

  it('a wrong key upstream is a 401 that never shows the key', async () => {
    const base = await proxy({ apiKey: 'sk-test-not-a-real-key' });
    const res = await post(`${base}/chat/completions`, REQ);
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain('sk-test-not-a-real-key');
  });

  it('504 upstream_timeout when the emulator holds the headers (slow_headers)', async () => {
    mock.configure({ slowHeadersMs: 2000 });
    mock.inject('slow_headers');
    const res = await post(`${await proxy({ timeoutMs: 150 })}/chat/completions`, REQ);
    expect(res.status).toBe(504);
    expect((await res.json()).error.type).toBe('upstream_timeout');
  });

  it('onUsage meters a stream from the emulator without changing what the client gets', async () => {
    const seen: unknown[] = [];
    const base = await proxy({ onUsage: (event) => void seen.push(event), authorize: () => 'user-1' });
    const text = await (await post(`${base}/chat/completions`, REQ)).text();
    expect(text).not.toContain('"usage":{');
    expect(seen).toEqual([
      {
        clientId: 'user-1',
        model: 'deepseek-r2',
        usage: expect.objectContaining({ total_tokens: expect.any(Number) }),
      },
    ]);
  });

  // With durable streams (the default) a client that leaves no longer cancels: resume-http.test.ts.
  it('with resume: false, a client that disconnects aborts the upstream stream', async () => {
    mock.configure({ tokensPerSecond: 5 });
    const base = await proxy({ resume: false });
    const res = await post(`${base}/chat/completions`, REQ);
    const reader = res.body!.getReader();
    await reader.read();
    expect(mock.handler.openStreams).toBe(1);
    const start = performance.now();
    await reader.cancel();
    while (mock.handler.openStreams > 0) await new Promise((r) => setTimeout(r, 1));
    console.log(
      `emulator stream closed ${(performance.now() - start).toFixed(1)} ms after the client disconnected`,
    );
    expect(mock.handler.openStreams).toBe(0);
  });
});

describe('createProxy mounted as a Fetch handler (no Node adapter)', () => {
  it('serves Request -> Response directly', async () => {
    const handler = createProxy({ apiKey: 'sk-test-donator', upstream: mock.url });
    const res = await handler(
      new Request('http://app.local/api/using-ai/chat/completions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...REQ, stream: false }),
      }),
    );
    expect(res.status).toBe(200);
    expect((await res.json()).choices[0].message.content.length).toBeGreaterThan(0);
  });
});
