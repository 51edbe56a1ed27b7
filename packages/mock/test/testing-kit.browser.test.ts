// @using-ai/mock/testing with a real browser, as a Playwright test uses it: the example chat component,
// bundled and served from its own origin, talks to the kit's emulator at `mock.baseURL` in Chromium;
// the test scripts the answers and reads the requests the emulator received.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../../scripts/chromium';
import { setupUsingAiMock } from '../src/testing';

const mock = setupUsingAiMock({ hooks: { beforeAll, afterEach, afterAll } });
let app: Server;
let appOrigin: string;
let browser: Browser;
let page: Page;

const ENTRY = `
  import { createRoot } from 'react-dom/client';
  import { UsingAiProvider } from '@using-ai/react';
  import { ChatBox } from './examples/chat-box';
  const params = new URLSearchParams(location.search);
  createRoot(document.getElementById('root')).render(
    <UsingAiProvider baseURL={params.get('api')} headers={{ Authorization: 'Bearer ' + params.get('key') }} maxRetries={0}>
      <ChatBox />
    </UsingAiProvider>,
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
    alias: { '@using-ai/react': fileURLToPath(new URL('../../react/src/index.ts', import.meta.url)) },
    define: { 'process.env.NODE_ENV': '"development"' },
    write: false,
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  // The app under test: its own origin, calling the emulator cross-origin (CORS), as a dev server would.
  app = createServer((req, res) => {
    if (req.url?.startsWith('/app.js')) {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      return;
    }
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><div id="root"></div><script type="module" src="/app.js"></script>');
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  appOrigin = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  browser = await chromium.launch(chromiumLaunchOptions);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => app?.close(resolve));
});

afterEach(() => page?.close());

async function openChat() {
  page = await browser.newPage();
  const query = new URLSearchParams({ api: mock.baseURL, key: mock.apiKey });
  await page.goto(`${appOrigin}/?${query}`);
}

async function send(text: string) {
  await page.getByLabel('Message').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

it('streams a scripted answer into the page and records the browser request', async () => {
  mock.script({ text: 'Hello, Chromium.', rateLimit: { limit: 60, remaining: 41 } });
  await openChat();
  await send('Hi from the browser');
  await page.getByText('Hello, Chromium.').waitFor();
  expect(await page.getByLabel('Requests left').textContent()).toBe('41');
  await expect.poll(() => mock.requests()[0]?.outcome).toBe('completed');
  const [request] = mock.requests();
  expect(request?.headers.origin).toBe(appOrigin);
  expect(request?.body).toMatchObject({ messages: [{ role: 'user', content: 'Hi from the browser' }] });
});

it('sees the browser cancel the stream when the user presses Stop', async () => {
  mock.configure({ tokensPerSecond: 10 });
  mock.script({
    text: 'A slow answer, ten words a second, that the user stops long before its last word arrives.',
  });
  await openChat();
  await send('Tell me a story');
  await page.getByText(/A slow/).waitFor();
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect.poll(() => mock.requests()[0]?.outcome).toBe('cancelled');
});
