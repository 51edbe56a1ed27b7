// @vitest-environment node
// README examples in real Chromium, clicked by real (trusted) clicks: a browser runs microtasks, and so
// React's re-render, between a click's listeners and its default action, which jsdom's synthetic clicks
// do not. The page and its `/api/using-ai` live on one origin, forwarded to the emulator like a proxy.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../../scripts/chromium';
import { setupMockServer } from './helpers';

const mock = setupMockServer();
let server: Server;
let origin: string;
let browser: Browser;
let completions = 0;

const ENTRY = `
  import { createRoot } from 'react-dom/client';
  import { UsingAiProvider } from '../src';
  import { RootQuickStart } from './examples/root-quick-start';
  createRoot(document.getElementById('root')).render(
    <UsingAiProvider><RootQuickStart /></UsingAiProvider>,
  );`;

beforeAll(async () => {
  const bundle = await build({
    stdin: { contents: ENTRY, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'tsx' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    conditions: ['source'],
    define: { 'process.env.NODE_ENV': '"development"' },
    write: false,
    logLevel: 'silent',
  });
  const app = bundle.outputFiles[0]?.text ?? '';
  server = createServer(async (req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/api/using-ai/')) {
      // A stand-in for the app's proxy: the key is added here, on the server side.
      if (url.endsWith('/chat/completions')) completions += 1;
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const upstream = await fetch(`${mock().baseURL}${url.slice('/api/using-ai'.length)}`, {
        method: req.method,
        headers: { authorization: 'Bearer sk-test-supermaxes', 'content-type': 'application/json' },
        ...(req.method === 'POST' && { body: Buffer.concat(chunks) }),
      });
      res.writeHead(upstream.status, {
        'content-type': upstream.headers.get('content-type') ?? 'text/plain',
      });
      const reader = upstream.body?.getReader();
      for (let read = await reader?.read(); read && !read.done; read = await reader?.read())
        res.write(read.value);
      res.end();
      return;
    }
    if (url === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(app);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><div id="root"></div><script type="module" src="/app.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch(chromiumLaunchOptions);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

async function open(): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(origin);
  await page.getByRole('button', { name: 'Send' }).waitFor();
  return page;
}

describe('README examples in Chromium', () => {
  it('root quick start: Stop mid-stream keeps the partial answer and sends nothing again', async () => {
    mock().configure({ tokensPerSecond: 40 });
    const page = await open();
    completions = 0;
    await page.getByRole('textbox', { name: 'Message' }).fill('Tell me a long story about a lighthouse.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('p', { hasText: /^assistant: \S/ }).waitFor();
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByRole('button', { name: 'Send' }).waitFor();
    await page.waitForTimeout(300);
    expect(await page.locator('p b').allTextContents()).toEqual(['user:', 'assistant:']);
    expect(completions).toBe(1);
    await page.close();
  });
});
