// Streams through toNodeHandler: a client that leaves, keys split across chunks, the forced usage chunk;
// and the adapter itself (an app's own Fetch handler; the same answers as the bare handler).
import { describe, expect, it } from 'vitest';
import { createProxy, type ProxyOptions } from '../src/index';
import { createNodeFetch } from '../src/node-fetch';
import { chat, KEY, proxy, REQ, track, upstream, useHandlerSetup, withoutIds } from './support/handler-setup';
import { serve, serveProxy } from './support/serve';
import { chunk, hangingScript, jsonScript, sseScript, USAGE } from './support/upstream';

useHandlerSetup();

describe('streams behind toNodeHandler', () => {
  describe('client disconnect', () => {
    // With durable streams (the default) a client that leaves no longer cancels: resume-http.test.ts.
    it('with resume: false, aborts the upstream request when the client goes away mid-stream', async () => {
      upstream.setScript(hangingScript());
      const base = await proxy({ resume: false });
      const controller = new AbortController();
      const res = await chat(base, REQ, { signal: controller.signal });
      const reader = res.body!.getReader();
      const first = await reader.read();
      expect(new TextDecoder().decode(first.value)).toContain('first');
      const aborted = upstream.nextAbort();
      const start = performance.now();
      controller.abort();
      const at = await aborted;
      // Reported, not asserted: machines are noisy. The assertion is that the abort happens at all.
      console.log(`upstream saw the client's abort after ${(at - start).toFixed(1)} ms`);
      expect(at).toBeGreaterThanOrEqual(start);
    });
  });

  describe('streaming details', () => {
    it('scrubs a key split across upstream chunks and hides the forced usage chunk', async () => {
      upstream.setScript((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(`data: {"echo":"${KEY.slice(0, 9)}`);
        setTimeout(() => {
          res.write(`${KEY.slice(9)}"}\n\n`);
          res.write(usageChunkText());
          res.end('data: [DONE]\n\n');
        }, 20);
      });
      const events: unknown[] = [];
      const base = await proxy({ onUsage: (e) => void events.push(e.usage) });
      const text = await (await chat(base, REQ)).text();
      expect(withoutIds(text)).toBe('data: {"echo":"[redacted]"}\n\ndata: [DONE]\n\n');
      expect(events).toEqual([USAGE]);
    });

    it('createNodeFetch (deprecated) is the global fetch: the same answer', async () => {
      const res = await chat(await proxy({ fetch: createNodeFetch() }), REQ);
      expect(withoutIds(await res.text())).toBe(`${chunk('Hello')}${chunk(' world')}data: [DONE]\n\n`);
    });
  });
});

describe('toNodeHandler', () => {
  it("serves an app's own Fetch handler", async () => {
    const served = await serve(
      async (request) => new Response(`you asked for ${new URL(request.url).pathname}`),
    );
    track(served);
    expect(await (await fetch(`${served.origin}/anything`)).text()).toBe('you asked for /anything');
  });

  it('answers what the bare Fetch handler answers: status, headers and body', async () => {
    const options: ProxyOptions = {
      apiKey: KEY,
      upstream: upstream.url,
      cors: ['http://app.test'],
      allowedModels: ['deepseek-r2'],
      maxBodyBytes: 2048,
      onUsage: () => {},
    };
    const served = await serveProxy(options);
    track(served);
    const bare = createProxy(options);
    const direct = (input: string, init?: RequestInit) =>
      bare(new Request(input.replace(served.origin, 'http://proxy.test'), init));
    const viaNode = (input: string, init?: RequestInit) => fetch(input, init);
    const base = `${served.origin}/api/using-ai`;
    const origin = { origin: 'http://app.test' };
    const post = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const cases: Array<[string, string, RequestInit, (() => void)?]> = [
      ['stream', `${base}/chat/completions`, post(REQ, origin)],
      ['not found', `${base}/embeddings`, { headers: origin }],
      ['wrong method', `${base}/chat/completions`, { headers: origin }],
      [
        'preflight',
        `${base}/chat/completions`,
        { method: 'OPTIONS', headers: { ...origin, 'access-control-request-method': 'POST' } },
      ],
      ['bad JSON', `${base}/chat/completions`, post('{', origin)],
      ['too large', `${base}/chat/completions`, post({ ...REQ, pad: 'x'.repeat(4096) })],
      ['model not allowed', `${base}/chat/completions`, post({ ...REQ, model: 'other' })],
      [
        'upstream API error',
        `${base}/chat/completions`,
        post(REQ),
        () =>
          upstream.setScript(
            jsonScript(429, { error: { type: 'rate_limit_exceeded', message: KEY } }, { 'retry-after': '7' }),
          ),
      ],
      [
        'upstream HTML error',
        `${base}/chat/completions`,
        post(REQ),
        () => upstream.setScript(jsonScript(502, '<html>bad gateway</html>')),
      ],
    ];
    // What only the wire adds (framing, connection) is left out of the comparison.
    // What only the wire adds (framing, connection) is left out; X-Stream-Id is random per stream.
    const WIRE = new Set([
      'date',
      'connection',
      'keep-alive',
      'content-length',
      'transfer-encoding',
      'x-stream-id',
    ]);
    for (const [name, url, init, script] of cases) {
      const answers: string[] = [];
      for (const send of [viaNode, direct]) {
        upstream.setScript(sseScript(['Hello', ' world']));
        script?.();
        const res = await send(url, init);
        const headers = [...res.headers].filter(([header]) => !WIRE.has(header));
        answers.push(JSON.stringify({ status: res.status, headers, body: await res.text() }));
      }
      expect(answers[1], name).toBe(answers[0]);
      expect(answers[0], name).not.toContain(KEY);
    }
  });
});

function usageChunkText(): string {
  return `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: USAGE })}\n\n`;
}
