// biome-ignore-all lint/performance/useDomNodeTextContent: these are playwright Locator.innerText() calls, not the DOM property.
// Chat history in the demo (issue 13), in real Chromium: two tabs in step, branches that survive a reload,
// and messages queued while an answer streams.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoBrowser, type DemoServer, launchBrowser, screenshot, startDemo } from './harness';

let demo: DemoServer;
let browser: DemoBrowser;
let context: BrowserContext;
let first: Page;
let second: Page;
const chatRequests: string[] = [];

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemo({ speed: 'fast' }), launchBrowser()]);
  ({ page: first, context } = await browser.newPage());
  for (const page of [first]) {
    page.on('request', (r) => r.url().endsWith('/chat/completions') && chatRequests.push(r.url()));
  }
  await ready(first);
  // The second tab of the same browser profile: same origin, same storage, same open chat.
  second = await context.newPage();
  second.on('request', (r) => r.url().endsWith('/chat/completions') && chatRequests.push(r.url()));
  await ready(second);
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

async function ready(page: Page) {
  if (page.url() === 'about:blank') await page.goto(demo.url);
  await page.locator('select[aria-label="Model"] option[value="haiku-4.5"]').waitFor({ state: 'attached' });
}

const users = (page: Page) => page.locator('article[data-role="user"]');
const assistants = (page: Page) => page.locator('article[data-role="assistant"]');
const texts = (page: Page) => page.locator('article[data-role]').allInnerTexts();

async function waitDone(page: Page) {
  await assistants(page).last().and(page.locator('[data-status="done"]')).waitFor();
}

describe('chat history in the demo', () => {
  it('two tabs stay in step: a send in one streams into both, with one request', async () => {
    await first.getByRole('combobox', { name: 'Model' }).selectOption('haiku-4.5');
    await first.getByRole('textbox', { name: 'Message' }).fill('Tell me about owls.');
    await first.getByRole('button', { name: 'Send' }).click();
    await waitDone(first);
    await waitDone(second);
    expect(await texts(second)).toEqual(await texts(first));
    expect(chatRequests).toHaveLength(1);
  });

  it('Regenerate keeps the old answer: ‹ 2/2 › picks it back, and a reload keeps both', async () => {
    await first.getByRole('button', { name: 'Regenerate' }).click();
    await waitDone(first);
    const picker = first.getByRole('group', { name: 'Versions' });
    await expect.poll(() => picker.innerText()).toContain('2/2');
    // The emulator answers the same question with the same words: the picker tells the versions apart.
    await picker.getByRole('button', { name: 'Previous version' }).click();
    await expect.poll(() => picker.innerText()).toContain('1/2');
    expect(await assistants(first).count()).toBe(1);

    await first.reload();
    await ready(first);
    await users(first).first().waitFor();
    const reloaded = first.getByRole('group', { name: 'Versions' });
    await expect.poll(() => reloaded.innerText()).toContain('1/2');
    await reloaded.getByRole('button', { name: 'Next version' }).click();
    await expect.poll(() => reloaded.innerText()).toContain('2/2');
    // The other tab follows the branch chosen here.
    await expect.poll(() => second.getByRole('group', { name: 'Versions' }).innerText()).toContain('2/2');
  });

  it('a message typed while an answer streams is queued and sent after it', async () => {
    await demo.control('speed', { speed: 'slow' });
    const box = second.getByRole('textbox', { name: 'Message' });
    await box.fill('Tell me a long story about herons.');
    await box.press('Enter');
    await second.locator('article[data-status="streaming"]').waitFor();
    await box.fill('And about storks?');
    await second.getByRole('button', { name: 'Queue' }).click();
    const queued = second.getByRole('region', { name: 'Queued messages' });
    await expect.poll(() => queued.innerText()).toContain('And about storks?');
    await screenshot(second, 'history-queued');
    await demo.control('speed', { speed: 'fast' });
    await expect.poll(() => users(second).last().innerText()).toContain('And about storks?');
    await waitDone(second);
    await expect(queued.count()).resolves.toBe(0);
    await expect.poll(() => users(first).last().innerText()).toContain('And about storks?');
  });
});
