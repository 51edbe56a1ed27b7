// The client bundled for the browser (no Node built-ins) and run in real Chromium against the scripted
// byte server, with the default relative baseURL `/api/using-ai` resolved against the page's origin.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../../scripts/chromium';
import { type ByteServer, sse, startByteServer } from './support/byte-server';
import { chunk, helloChunks } from './support/chunks';

let server: ByteServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('../src/index.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  server = await startByteServer({
    '/': {
      contentType: 'text/html',
      body: '<!doctype html><script type="module">import * as core from "/core.js"; window.core = core;</script>',
    },
    '/core.js': { contentType: 'text/javascript', body: bundle.outputFiles[0]?.text ?? '' },
    // A module worker: no DOM, no window; the client must run there unchanged.
    '/worker.js': {
      contentType: 'text/javascript',
      body: `import { createClient, StreamInterruptedError } from '/core.js';
        onmessage = async () => {
          const stream = createClient().stream({ model: 'haiku-4.5', messages: [{ role: 'user', content: 'Hi' }] });
          let chunks = 0;
          for await (const _ of stream) chunks++;
          const message = await stream.final();
          const cut = await createClient({ maxRetries: 0 }).stream({ model: 'haiku-4.5', messages: [] }).final().catch((e) => e);
          postMessage({ chunks, content: message.content, remaining: stream.rateLimit?.remaining,
            cut: cut instanceof StreamInterruptedError, partial: cut.partial?.content });
        };`,
    },
  });
  browser = await chromium.launch(chromiumLaunchOptions);
  page = await browser.newPage();
  await page.goto(server.origin);
  await page.waitForFunction(() => 'core' in window);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(() => server.script([]));

const sseHeaders = {
  'content-type': 'text/event-stream',
  'x-ratelimit-limit': '120',
  'x-ratelimit-remaining': '7',
  'x-ratelimit-reset': '42',
  // The page and the API share an origin here; a real proxy would too.
};

describe('@using-ai/core in Chromium', () => {
  it('streams with the default baseURL, accumulating split UTF-8 and reading rate limits', async () => {
    const bytes = [...sse(helloChunks()), 'data: [DONE]\n\n'].join('');
    // Cut the body in the middle of every 40th byte run, multi-byte characters included.
    const pieces = Array.from(Buffer.from(bytes)).reduce<number[][]>((acc, byte, i) => {
      if (i % 40 === 0) acc.push([]);
      acc.at(-1)?.push(byte);
      return acc;
    }, []);
    server.script([{ headers: sseHeaders, body: pieces.map((p) => Uint8Array.from(p)) }]);
    const result = await page.evaluate(async () => {
      const { createClient } = (window as unknown as { core: typeof import('../src/index') }).core;
      const client = createClient();
      const stream = client.stream({
        model: 'haiku-4.5-agentic',
        messages: [{ role: 'user', content: 'Hi' }],
      });
      let chunks = 0;
      for await (const _ of stream) chunks++;
      const message = await stream.final();
      return { chunks, message, rateLimit: stream.rateLimit, clientRemaining: client.rateLimit?.remaining };
    });
    expect(result.chunks).toBe(helloChunks().length);
    expect(result.message.content).toBe('Héllo 👋 wörld — 你好');
    expect(result.message.reasoning).toBe('User wants a greeting.');
    expect(result.message.finishReason).toBe('stop');
    expect(result.rateLimit).toMatchObject({ limit: 120, remaining: 7 });
    expect(result.clientRemaining).toBe(7);
    expect(server.requests[0]?.url).toBe('/api/using-ai/chat/completions');
  });

  it('gives typed errors (instanceof works) for an HTML 403 and keeps partial text on a cut stream', async () => {
    server.script([
      {
        status: 403,
        headers: { 'content-type': 'text/html' },
        body: ['<html><title>Forbidden</title></html>'],
      },
      // The pause lets the partial chunk reach the page first: a TCP reset discards bytes the receiver has
      // not read yet, and then there would be nothing partial to keep.
      { headers: sseHeaders, body: [...sse([chunk({ content: 'partial ' })]), { waitMs: 100 }, 'reset'] },
    ]);
    const result = await page.evaluate(async () => {
      const core = (window as unknown as { core: typeof import('../src/index') }).core;
      const client = core.createClient({ maxRetries: 0 });
      const request = { model: 'opus-4.5', messages: [{ role: 'user' as const, content: 'Hi' }] };
      const forbidden = await client.complete(request).catch((e: unknown) => e);
      const cut = await client
        .stream(request)
        .final()
        .catch((e: unknown) => e);
      return {
        forbidden: forbidden instanceof core.TierForbiddenError && forbidden instanceof core.UsingAiError,
        forbiddenMessage: (forbidden as Error).message,
        cut: cut instanceof core.StreamInterruptedError,
        partial: (cut as InstanceType<typeof core.StreamInterruptedError>).partial.content,
        cause: ((cut as Error).cause as Error).name,
      };
    });
    expect(result).toEqual({
      forbidden: true,
      forbiddenMessage: 'HTTP 403: Forbidden',
      cut: true,
      partial: 'partial ',
      cause: 'ConnectionError',
    });
  });

  it('runs unchanged in a Web Worker (module worker, no window)', async () => {
    server.script([
      { headers: sseHeaders, body: [...sse(helloChunks()), 'data: [DONE]\n\n'] },
      { headers: sseHeaders, body: [...sse([chunk({ content: 'half' })]), { waitMs: 100 }, 'reset'] },
    ]);
    const result = await page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const worker = new Worker('/worker.js', { type: 'module' });
          worker.onmessage = (event) => resolve(event.data);
          worker.onerror = (event) => reject(new Error(event.message));
          worker.postMessage('go');
        }),
    );
    expect(result).toEqual({
      chunks: helloChunks().length,
      content: 'Héllo 👋 wörld — 你好',
      remaining: 7,
      cut: true,
      partial: 'half',
    });
    expect(server.requests.map((r) => r.url)).toEqual([
      '/api/using-ai/chat/completions',
      '/api/using-ai/chat/completions',
    ]);
  });

  it('abort() resolves final() with the partial message marked aborted', async () => {
    server.script([{ headers: sseHeaders, body: [...sse([chunk({ content: 'so far' })]), 'stall'] }]);
    const message = await page.evaluate(async () => {
      const { createClient } = (window as unknown as { core: typeof import('../src/index') }).core;
      const stream = createClient().stream({
        model: 'haiku-4.5',
        messages: [{ role: 'user', content: 'Hi' }],
      });
      stream.subscribe(() => stream.abort());
      return stream.final();
    });
    expect(message).toMatchObject({ content: 'so far', finishReason: 'aborted' });
  });
});
