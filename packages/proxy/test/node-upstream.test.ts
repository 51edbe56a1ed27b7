// The servers we start call upstream with undici's request, except while the app has replaced the global
// fetch (MSW's setupServer, a test double): undici would go around it. Real MSW, real HTTP on 127.0.0.1.
import { handlers } from '@using-ai/mock/msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProxy } from '../src/create-proxy';
import { startProxyServer } from '../src/proxy-server';
import { undiciUpstream } from '../src/undici-upstream';
import { sseScript, startUpstream, type TestUpstream } from './support/upstream';

const REQ = { model: 'haiku-4.5', messages: [{ role: 'user', content: 'Say hi.' }], stream: true };

let upstream: TestUpstream;
beforeAll(async () => {
  upstream = await startUpstream(sseScript(['Hello from the test upstream']));
});
afterAll(() => upstream.close());

/** Runs `body` with the global fetch replaced by a spy (as MSW would replace it); returns the URLs it saw. */
async function withReplacedFetch(body: () => Promise<void>): Promise<string[]> {
  const original = globalThis.fetch;
  const seen: string[] = [];
  globalThis.fetch = (input, init) => {
    seen.push(String(input));
    return original(input, init);
  };
  try {
    await body();
  } finally {
    globalThis.fetch = original;
  }
  return seen;
}

const ask = (url: string) =>
  fetch(`${url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(REQ),
  });

describe('startProxyServer and a replaced global fetch', () => {
  it('MSW handlers installed after the server started answer its upstream calls', async () => {
    // The default upstream, https://api.using.ai, is not reachable from here: only MSW can answer.
    const server = await startProxyServer({ apiKey: 'sk-test-standard', port: 0, resume: false });
    const msw = setupServer(...handlers({ baseURL: 'https://api.using.ai/v1' }));
    msw.listen({ onUnhandledRequest: 'bypass' });
    try {
      const res = await ask(server.url);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain('"chat.completion.chunk"');
      expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    } finally {
      msw.close();
      await server.close();
    }
  });

  it('goes through the replacement while it is installed, and back to undici once it is restored', async () => {
    const server = await startProxyServer({ apiKey: 'sk-test-standard', upstream: upstream.url, port: 0 });
    try {
      const seen = await withReplacedFetch(async () => {
        expect(await (await ask(server.url)).text()).toContain('Hello from the test upstream');
      });
      expect(seen).toContain(`${upstream.url}/v1/chat/completions`);
      // Restored: the next call leaves the old spy alone.
      const before = seen.length;
      expect(await (await ask(server.url)).text()).toContain('Hello from the test upstream');
      expect(seen.length).toBe(before);
      // undici sends no User-Agent of its own (fetch sends `node`): the restored path is undici's.
      expect(upstream.seen.at(-1)?.headers['user-agent']).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('undiciUpstream() given to createProxy defers to a replaced fetch too', async () => {
    const proxy = createProxy({
      apiKey: 'sk-test-standard',
      upstream: upstream.url,
      upstreamClient: undiciUpstream(),
    });
    const seen = await withReplacedFetch(async () => {
      const res = await proxy(
        new Request('http://proxy.test/api/using-ai/chat/completions', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(REQ),
        }),
      );
      expect(await res.text()).toContain('Hello from the test upstream');
    });
    expect(seen).toEqual([`${upstream.url}/v1/chat/completions`]);
  });
});
