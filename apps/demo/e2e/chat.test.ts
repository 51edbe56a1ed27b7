// biome-ignore-all lint/performance/useDomNodeTextContent: these are playwright Locator.innerText() calls, not the DOM property.
// The chat in real Chromium against the demo's own Vite server, proxy and emulator.
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoBrowser, type DemoServer, demoRoot, launchBrowser, screenshot, startDemo } from './harness';

const docsScreenshot = join(demoRoot, '..', '..', 'docs', 'demo.png');

let demo: DemoServer;
let browser: DemoBrowser;
const allRequests: Request[] = [];

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemo({ speed: 'fast' }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

async function open(viewport?: { width: number; height: number }): Promise<Page> {
  const { page, requests } = await browser.newPage(viewport);
  page.on('request', (r) => allRequests.push(r));
  void requests;
  await page.goto(demo.url);
  // Models loaded: the picker has a value.
  await page.locator('select[aria-label="Model"] option[value="haiku-4.5"]').waitFor({ state: 'attached' });
  return page;
}

const assistant = (page: Page) => page.locator('article[data-role="assistant"]');
const lastAssistant = (page: Page) => assistant(page).last();

async function send(page: Page, text: string) {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

async function waitDone(page: Page) {
  await page.locator('article[data-role="assistant"]:last-of-type[data-status="done"]').waitFor();
  await lastAssistant(page).and(page.locator('[data-status="done"]')).waitFor();
}

describe('chat', () => {
  let page: Page;
  beforeAll(async () => {
    page = await open();
  });

  it('sends with Enter, streams with a caret and a Stop button, then shows the answer and its usage', async () => {
    await demo.control('speed', { speed: 'slow' });
    await page.getByRole('combobox', { name: 'Model' }).selectOption('haiku-4.5');
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('Explain quicksort briefly');
    await box.press('Enter');
    // While streaming: Stop is offered, the message is marked streaming and the caret is drawn.
    await page.getByRole('button', { name: 'Stop' }).waitFor();
    await page.locator('article[data-status="streaming"]').waitFor();
    await page.locator('article[data-status="streaming"] .markdown p').first().waitFor();
    const caret = await page
      .locator('article[data-status="streaming"] .markdown > :last-child')
      .evaluate((el) => getComputedStyle(el, '::after').content);
    expect(caret).toBe('""');
    await screenshot(page, 'streaming');
    await demo.control('speed', { speed: 'fast' });
    await waitDone(page);
    await expect.poll(() => lastAssistant(page).innerText()).toContain('Explain quicksort briefly');
    await expect(page.getByRole('button', { name: 'Stop' }).count()).resolves.toBe(0);
    // Usage per answer and in total, and the rate-limit meter from X-RateLimit-*.
    await expect(lastAssistant(page).getByTestId('usage').innerText()).resolves.toMatch(
      /\d+ in · \d+ out · \d+ tokens/,
    );
    await expect(page.getByTestId('usage-total').innerText()).resolves.toMatch(/Total: .*\d+ tokens/);
    const meter = page.getByRole('region', { name: 'Rate limit' });
    await expect.poll(() => meter.innerText()).toMatch(/Remaining \d+\/60 · resets in/);
  });

  it('Shift+Enter adds a line instead of sending', async () => {
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('line one');
    await box.press('Shift+Enter');
    await box.pressSequentially('line two');
    expect(await box.inputValue()).toBe('line one\nline two');
    await box.fill('');
  });

  it('Stop mid-stream keeps the partial answer and marks it stopped', async () => {
    await demo.control('speed', { speed: 'slow' });
    await send(page, 'Tell me a long story about sorting algorithms');
    await page.locator('article[data-status="streaming"] .markdown').waitFor();
    await page.getByRole('button', { name: 'Stop' }).click();
    const stopped = page.locator('article[data-role="assistant"][data-status="stopped"]');
    await stopped.waitFor();
    const text = await stopped.locator('.markdown').innerText();
    expect(text.length).toBeGreaterThan(0);
    await expect(stopped.getByText('Stopped').count()).resolves.toBe(1);
    await demo.control('speed', { speed: 'fast' });
  });

  it('Escape stops too', async () => {
    await demo.control('speed', { speed: 'slow' });
    await send(page, 'Another long answer please');
    await page.locator('article[data-status="streaming"]').waitFor();
    await page.keyboard.press('Escape');
    await lastAssistant(page).and(page.locator('[data-status="stopped"]')).waitFor();
    await demo.control('speed', { speed: 'fast' });
  });

  it('Regenerate replaces the last answer', async () => {
    const before = await assistant(page).count();
    await page.getByRole('button', { name: 'Regenerate' }).click();
    await waitDone(page);
    expect(await assistant(page).count()).toBe(before);
    await expect.poll(() => lastAssistant(page).innerText()).toContain('Another long answer please');
  });

  it('editing a sent message replaces it, drops what followed and resends', async () => {
    const users = page.locator('article[data-role="user"]');
    const countBefore = await users.count();
    await users.first().hover();
    await page.getByRole('button', { name: 'Edit' }).first().click();
    const editor = page.getByRole('textbox', { name: 'Edit message' });
    await editor.fill('What is a binary heap?');
    await page.getByRole('button', { name: 'Save and send' }).click();
    // The previous answer was done too: wait for the edit to have replaced it before waiting for done.
    await expect.poll(() => users.count()).toBe(1);
    await waitDone(page);
    expect(countBefore).toBeGreaterThan(1);
    await expect(users.first().innerText()).resolves.toContain('What is a binary heap');
    await expect.poll(() => lastAssistant(page).innerText()).toContain('What is a binary heap');
  });

  it('the conversation survives a reload; New chat starts an empty one and the old one stays listed', async () => {
    await page.reload();
    await page.locator('article[data-role="user"]').first().waitFor();
    await expect(page.locator('article[data-role="user"]').first().innerText()).resolves.toContain(
      'What is a binary heap?',
    );
    await expect(lastAssistant(page).innerText()).resolves.toContain('What is a binary heap');
    await page.getByRole('button', { name: 'New chat' }).click();
    await expect(page.locator('article[data-role="user"]').count()).resolves.toBe(0);
    const list = page.getByRole('navigation', { name: 'Conversations' });
    await expect(
      list.getByRole('button', { name: 'What is a binary heap?', exact: true }).count(),
    ).resolves.toBe(1);
    await list.getByRole('button', { name: 'What is a binary heap?', exact: true }).click();
    await page.locator('article[data-role="user"]').first().waitFor();
  });
});

describe('thinking and tools', () => {
  let page: Page;
  beforeAll(async () => {
    page = await open();
  });

  it('a thinking model shows its reasoning in a collapsible panel', async () => {
    await page.getByRole('combobox', { name: 'Model' }).selectOption('deepseek-r2');
    await send(page, 'Why is the sky blue?');
    await waitDone(page);
    const toggle = lastAssistant(page).getByRole('button', { name: 'Reasoning' });
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(lastAssistant(page).getByRole('region', { name: 'Reasoning' }).count()).resolves.toBe(0);
    await toggle.click();
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
    const reasoning = await lastAssistant(page).getByRole('region', { name: 'Reasoning' }).innerText();
    expect(reasoning.length).toBeGreaterThan(10);
    // The answer itself is separate from the reasoning.
    expect(await lastAssistant(page).locator('.markdown').innerText()).not.toContain(reasoning.slice(0, 40));
    await screenshot(page, 'reasoning');
    await toggle.click();
    await expect(lastAssistant(page).getByRole('region', { name: 'Reasoning' }).count()).resolves.toBe(0);
  });

  it('an agentic model calls the demo tools; cards show arguments and results, then the final answer', async () => {
    await page.getByRole('button', { name: 'New chat' }).click();
    await page.getByRole('combobox', { name: 'Model' }).selectOption('haiku-4.5-agentic');
    await send(page, 'What is the weather in Paris and what is 12 * 7?');
    await waitDone(page);
    const weather = page.getByRole('article', { name: 'Tool call get_weather' });
    const calc = page.getByRole('article', { name: 'Tool call calculate' });
    await expect(weather.getAttribute('data-state')).resolves.toBe('done');
    await expect(weather.locator('.tool-args').innerText()).resolves.toContain('"city": "Paris"');
    await expect(weather.locator('.tool-result').innerText()).resolves.toMatch(/"temperatureC": -?\d+/);
    await expect(calc.locator('.tool-result').innerText()).resolves.toContain('"result": 84');
    // The model's final answer used the tool results.
    await expect.poll(() => lastAssistant(page).locator('.markdown').innerText()).toMatch(/get_weather|84/);
    await screenshot(page, 'tools');
  });

  it('works at 375 px wide', async () => {
    const mobile = await open({ width: 375, height: 740 });
    const box = mobile.getByRole('textbox', { name: 'Message' });
    await expect(box.isVisible()).resolves.toBe(true);
    await send(mobile, 'Hello from a phone');
    await lastAssistant(mobile).and(mobile.locator('[data-status="done"]')).waitFor();
    const overflow = await mobile.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    for (const name of ['Send', 'Regenerate']) {
      const box = await mobile.getByRole('button', { name }).boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 375).toBe(true);
    }
    await screenshot(mobile, 'mobile-375');
  });
});

it('no request from the page carries Authorization, and chat went through the proxy', async () => {
  expect(allRequests.some((r) => r.url().includes('/api/using-ai/chat/completions'))).toBe(true);
  for (const request of allRequests) {
    const headers = await request.allHeaders();
    expect(headers.authorization, request.url()).toBeUndefined();
  }
});

// USING_AI_DEMO_DOCS_SCREENSHOT=1 refreshes the README's picture (docs/demo.png): a streamed answer with its
// reasoning open, a tool call card and the rate-limit meter, at 1280 px.
it.runIf(process.env.USING_AI_DEMO_DOCS_SCREENSHOT === '1')('docs screenshot', async () => {
  const page = await open({ width: 1280, height: 1000 });
  await page.getByRole('combobox', { name: 'Model' }).selectOption('haiku-4.5-agentic');
  await send(page, 'What is the weather in Paris?');
  await waitDone(page);
  await page.getByRole('combobox', { name: 'Model' }).selectOption('deepseek-r2');
  await send(page, 'Why is the sky blue?');
  await waitDone(page);
  await lastAssistant(page).getByRole('button', { name: 'Reasoning' }).click();
  await lastAssistant(page).getByRole('region', { name: 'Reasoning' }).waitFor();
  await page.getByRole('article', { name: 'Tool call get_weather' }).waitFor();
  await expect(page.getByRole('region', { name: 'Rate limit' }).innerText()).resolves.toMatch(
    /Remaining \d+\/60/,
  );
  await copyFile(await screenshot(page, 'docs-demo'), docsScreenshot);
});
