// biome-ignore-all lint/performance/useDomNodeTextContent: these are playwright Locator.innerText() calls, not the DOM property.
// Durable streams in real Chromium against the demo's Vite server, proxy and emulator: a reload in the middle
// of an answer keeps streaming the same answer (the proxy kept upstream running; the reloaded chat reattaches
// with the streamId the page saved on pagehide), with one upstream request.
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoBrowser, type DemoServer, launchBrowser, startDemo } from './harness';

let demo: DemoServer;
let browser: DemoBrowser;

beforeAll(async () => {
  // `normal` pace: slow enough to reload in the middle of an answer.
  [demo, browser] = await Promise.all([startDemo({ speed: 'normal' }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

const lastAssistant = (page: Page) => page.locator('article[data-role="assistant"]').last();

describe('durable streams in the demo', () => {
  it('a reload in the middle of an answer keeps streaming it, with one upstream request', async () => {
    const { page, requests } = await browser.newPage();
    await page.goto(demo.url);
    await page.locator('select[aria-label="Model"] option[value="haiku-4.5"]').waitFor({ state: 'attached' });
    await page.getByRole('combobox', { name: 'Model' }).selectOption('haiku-4.5');
    await page.getByRole('textbox', { name: 'Message' }).fill('Tell me about lighthouses and their keepers.');
    await page.getByRole('button', { name: 'Send' }).click();
    const streaming = page.locator('article[data-role="assistant"][data-status="streaming"]');
    await streaming.waitFor();
    await expect
      .poll(async () => (await streaming.innerText()).length, { timeout: 30_000 })
      .toBeGreaterThan(30);
    const before = (await streaming.innerText()).trim();

    await page.reload();
    // Streaming again, from where it was: the text shown before the reload is still the start of the answer.
    await page.locator('article[data-role="assistant"][data-status="streaming"]').waitFor();
    const done = page.locator('article[data-role="assistant"][data-status="done"]');
    await done.waitFor({ timeout: 60_000 });
    const after = (await lastAssistant(page).innerText()).trim();
    expect(after.length).toBeGreaterThan(before.length);
    expect(after.startsWith(before.slice(0, 20))).toBe(true);

    const chat = (r: Request) => new URL(r.url()).pathname.startsWith('/api/using-ai/chat/completions');
    const posts = requests.filter((r) => chat(r) && r.method() === 'POST');
    const resumes = requests.filter((r) => chat(r) && r.method() === 'GET');
    expect(posts).toHaveLength(1);
    expect(resumes.length).toBeGreaterThanOrEqual(1);
  });

  it('"Drop browser connection": the page reconnects and the answer goes on with no gap', async () => {
    const { page, requests } = await browser.newPage();
    await page.goto(demo.url);
    await page.locator('select[aria-label="Model"] option[value="haiku-4.5"]').waitFor({ state: 'attached' });
    await page.getByRole('combobox', { name: 'Model' }).selectOption('haiku-4.5');
    const panel = page.getByRole('complementary', { name: 'Developer panel' });
    await panel.getByRole('button', { name: 'Drop browser connection' }).click();
    await panel.getByText('will be cut').waitFor();
    await page.getByRole('textbox', { name: 'Message' }).fill('Tell me about rivers and their deltas.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('article[data-role="assistant"][data-status="done"]').waitFor({ timeout: 60_000 });
    await expect(page.locator('article[data-status="interrupted"]').count()).resolves.toBe(0);
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    const chat = (r: Request) => new URL(r.url()).pathname.startsWith('/api/using-ai/chat/completions');
    expect(requests.filter((r) => chat(r) && r.method() === 'POST')).toHaveLength(1);
    expect(requests.filter((r) => chat(r) && r.method() === 'GET').length).toBeGreaterThanOrEqual(1);
  });

  it('Stop stops the model: the developer panel shows the emulator saw the request cancelled', async () => {
    await demo.control('speed', { speed: 'slow' });
    const { page } = await browser.newPage();
    await page.goto(demo.url);
    await page.locator('select[aria-label="Model"] option[value="haiku-4.5"]').waitFor({ state: 'attached' });
    await page
      .getByRole('textbox', { name: 'Message' })
      .fill('Tell me a long story about sorting algorithms');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('article[data-status="streaming"] .markdown').waitFor();
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.locator('article[data-role="assistant"][data-status="stopped"]').waitFor();
    await page.getByTestId('upstream-status').getByText('cancelled').waitFor({ timeout: 10_000 });
    await demo.control('speed', { speed: 'normal' });
  });

  it('a second tab opened on the chat mid-answer follows the same stream: one upstream request', async () => {
    const { page, context, requests } = await browser.newPage();
    await page.goto(demo.url);
    await page.locator('select[aria-label="Model"] option[value="haiku-4.5"]').waitFor({ state: 'attached' });
    await page.getByRole('combobox', { name: 'Model' }).selectOption('haiku-4.5');
    await page.getByRole('textbox', { name: 'Message' }).fill('Tell me about mountains and glaciers.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('article[data-role="assistant"][data-status="streaming"]').waitFor();
    // A second tab of the same browser (same storage), on the same chat.
    const second = await context.newPage();
    const secondRequests: Request[] = [];
    second.on('request', (r) => secondRequests.push(r));
    await second.goto(demo.url);
    const done = (p: Page) =>
      p.locator('article[data-role="assistant"][data-status="done"]').waitFor({ timeout: 60_000 });
    await Promise.all([done(page), done(second)]);
    const [one, two] = await Promise.all([
      lastAssistant(page).innerText(),
      lastAssistant(second).innerText(),
    ]);
    expect(two).toBe(one);
    const chat = (r: Request) => new URL(r.url()).pathname.startsWith('/api/using-ai/chat/completions');
    const posts = [...requests, ...secondRequests].filter((r) => chat(r) && r.method() === 'POST');
    expect(posts).toHaveLength(1);
    // How the second tab follows depends on who tells it first: the demo's chats also sync between tabs
    // (BroadcastChannel), so it may get the answer from the first tab instead of a resume GET. Either way it
    // never asks the model itself.
    expect(secondRequests.filter((r) => chat(r) && r.method() === 'POST')).toHaveLength(0);
  });
});
