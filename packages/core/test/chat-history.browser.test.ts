// Chat history in real Chromium: two tabs of one origin (a real BroadcastChannel), real IndexedDB and a
// real reload (pagehide), against the real emulator over HTTP (CORS, as a page on another origin would).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type MockServer, startMockServer } from '@using-ai/mock';
import { build } from 'esbuild';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../../scripts/chromium';

let mock: MockServer;
let server: Server;
let origin: string;
let browser: Browser;
let context: BrowserContext;

/** The page: one chat session with IndexedDB persistence and sync, driven through `window.chat`. */
const PAGE = `
import { createChatSession, createClient } from '/core.js';
import { indexedDbPersistence } from '/persistence.js';
const params = new URLSearchParams(location.search);
window.requests = 0;
const client = createClient({
  baseURL: params.get('api'),
  headers: { Authorization: 'Bearer sk-test-supermaxes' },
  fetch: (input, init) => { window.requests += 1; return fetch(input, init); },
});
const chat = createChatSession(client, {
  id: 'browser-chat', persistence: indexedDbPersistence(), sync: true, model: 'haiku-4.5',
});
chat.subscribe(() => {});
window.chat = chat;
`;

beforeAll(async () => {
  mock = await startMockServer();
  const bundle = (entry: string) =>
    build({
      entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    }).then((result) => result.outputFiles[0]?.text ?? '');
  const files: Record<string, [string, string]> = {
    '/core.js': ['text/javascript', await bundle('../src/index.ts')],
    '/persistence.js': ['text/javascript', await bundle('../src/persistence/index.ts')],
    '/page.js': ['text/javascript', PAGE],
    '/': ['text/html', '<!doctype html><script type="module" src="/page.js"></script>'],
  };
  server = createServer((req, res) => {
    const [type, body] = files[new URL(req.url ?? '/', 'http://x').pathname] ?? ['text/plain', ''];
    res.writeHead(200, { 'content-type': type });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch(chromiumLaunchOptions);
  context = await browser.newContext();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await mock?.close();
});

interface PageChat {
  getSnapshot(): {
    status: string;
    loading: boolean;
    messages: Array<{ id: string; content: string; incomplete?: boolean }>;
  };
  send(text: string): Promise<boolean>;
  regenerate(): Promise<boolean>;
  branchesOf(id: string): { ids: string[]; index: number };
}
type PageWindow = { chat: PageChat; requests: number };

async function open(): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin}/?api=${encodeURIComponent(mock.baseURL)}`);
  await page.waitForFunction(() => {
    const chat = (window as unknown as Partial<PageWindow>).chat;
    return chat && !chat.getSnapshot().loading;
  });
  return page;
}

const snapshot = (page: Page) => page.evaluate(() => (window as unknown as PageWindow).chat.getSnapshot());
const contents = async (page: Page) => (await snapshot(page)).messages.map((m) => m.content);
const requests = (page: Page) => page.evaluate(() => (window as unknown as PageWindow).requests);

describe('chat history in Chromium', () => {
  it('two tabs stay in step with one request per send; a reload keeps history and branches', async () => {
    const a = await open();
    const b = await open();
    await a.evaluate(() => (window as unknown as PageWindow).chat.send('Tell me about cats.'));
    await expect.poll(() => contents(b)).toEqual(await contents(a));
    expect((await requests(a)) + (await requests(b))).toBe(1);

    await b.evaluate(() => (window as unknown as PageWindow).chat.regenerate());
    await expect.poll(() => contents(a)).toEqual(await contents(b));
    expect((await requests(a)) + (await requests(b))).toBe(2);
    const answerId = (await snapshot(a)).messages[1]?.id as string;

    await b.reload();
    await b.waitForFunction(() => !(window as unknown as PageWindow).chat.getSnapshot().loading);
    expect(await contents(b)).toEqual(await contents(a));
    const branches = await b.evaluate(
      (id) => (window as unknown as PageWindow).chat.branchesOf(id),
      answerId,
    );
    expect(branches).toMatchObject({ index: 1 });
    expect(branches.ids).toHaveLength(2);
    await a.close();
    await b.close();
  }, 60_000);

  it('a reload in the middle of a stream keeps the partial answer, marked incomplete, in both tabs', async () => {
    const a = await open();
    const b = await open();
    mock.configure({ tokensPerSecond: 15 });
    // The page goes away under this call: its promise rejects with the navigation.
    const sending = a
      .evaluate(() => (window as unknown as PageWindow).chat.send('And dogs?'))
      .catch(() => null);
    await b.waitForFunction(() => {
      const { status, messages } = (window as unknown as PageWindow).chat.getSnapshot();
      return status === 'streaming' && (messages.at(-1)?.content.length ?? 0) > 0;
    });
    // Reloading the streaming tab: its fetch is aborted (it may post that error), pagehide saves the partial
    // answer and tells the other tab it is gone: the other tab ends idle, the answer marked incomplete.
    await a.reload();
    await sending;
    mock.configure({ tokensPerSecond: 0 });
    await b.waitForFunction(() => (window as unknown as PageWindow).chat.getSnapshot().status === 'idle');
    expect(await snapshot(b)).toMatchObject({ status: 'idle', error: null });
    expect((await snapshot(b)).messages.at(-1)?.incomplete).toBe(true);
    await a.waitForFunction(() => !(window as unknown as PageWindow).chat.getSnapshot().loading);
    const reloaded = (await snapshot(a)).messages.at(-1);
    expect(reloaded?.incomplete).toBe(true);
    expect(reloaded?.content.length).toBeGreaterThan(0);
    await a.close();
    await b.close();
  }, 60_000);
});
