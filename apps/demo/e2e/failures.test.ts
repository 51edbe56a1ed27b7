// biome-ignore-all lint/performance/useDomNodeTextContent: these are playwright Locator.innerText() calls, not the DOM property.
// Tiers, rate limits and faults made visible, driven from the developer panel like a visitor would,
// plus the one-shot view's query cache. Real Chromium, real Vite, proxy and emulator.
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DemoBrowser, type DemoServer, launchBrowser, screenshot, startDemo } from './harness';

let demo: DemoServer;
let browser: DemoBrowser;
let page: Page;
let requests: Request[];

// A 4-second rate-limit window keeps the 429 wait short; everything else is the emulator's default.
beforeAll(async () => {
  [demo, browser] = await Promise.all([
    startDemo({ speed: 'fast', rateLimitWindowMs: 4_000 }),
    launchBrowser(),
  ]);
  ({ page, requests } = await browser.newPage());
  await page.goto(demo.url);
  await page.locator('select[aria-label="Model"] option[value="haiku-4.5"]').waitFor({ state: 'attached' });
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
});
beforeEach(async () => {
  await demo.control('reset', {});
  await page.reload();
  await page.locator('select[aria-label="Model"] option[value="haiku-4.5"]').waitFor({ state: 'attached' });
});

const completions = () => requests.filter((r) => r.url().endsWith('/api/using-ai/chat/completions')).length;
const lastAssistant = () => page.locator('article[data-role="assistant"]').last();
const panel = () => page.getByRole('complementary', { name: 'Developer panel' });
const alert = () => page.getByRole('alert');

async function newChat(model = 'haiku-4.5') {
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByRole('combobox', { name: 'Model' }).selectOption(model);
}

async function send(text: string) {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

const done = () => lastAssistant().and(page.locator('[data-status="done"]')).waitFor();

describe('tiers', () => {
  it('locked models show their tier; tier_forbidden names it; switching the proxy tier unlocks and Retry works', async () => {
    const picker = page.getByRole('combobox', { name: 'Model' });
    const opus = picker.locator('option[value="opus-4.5"]');
    // Words, not the 🔒 emoji: without an emoji font it is an empty box.
    await expect(opus.innerText()).resolves.toBe('opus-4.5 — needs SuperMaxes');
    await expect(picker.locator('optgroup[label="SuperMaxes — locked"]').count()).resolves.toBe(1);
    await newChat('opus-4.5');
    await expect(page.getByRole('note').innerText()).resolves.toBe('Needs SuperMaxes');
    await send('Hello Opus');
    await alert().waitFor();
    await expect(alert().innerText()).resolves.toContain('opus-4.5 needs the SuperMaxes tier');
    await screenshot(page, 'tier-forbidden');

    await panel().getByRole('button', { name: 'SuperMaxes' }).click();
    await expect.poll(() => opus.innerText()).not.toContain('needs');
    await expect(page.locator('.tier-pill').innerText()).resolves.toBe('SuperMaxes key');
    await alert().getByRole('button', { name: 'Retry' }).click();
    await done();
    await expect(lastAssistant().innerText()).resolves.toContain('Hello Opus');
    await expect(alert().count()).resolves.toBe(0);
    await panel().getByRole('button', { name: 'Standard' }).click();
  });

  it('an invalid server key shows the 401 banner that blames the server, not the user', async () => {
    await panel().getByRole('checkbox', { name: 'Send an invalid key (401)' }).check();
    // The box follows the click at once; the server switches a round trip later.
    await expect.poll(async () => (await demo.state()).keyBroken).toBe(true);
    await newChat();
    await send('Hello');
    await alert().waitFor();
    await expect(alert().innerText()).resolves.toMatch(
      /server's API key was rejected \(401\)[\s\S]*USING_AI_KEY/,
    );
    await panel().getByRole('checkbox', { name: 'Send an invalid key (401)' }).uncheck();
    await expect.poll(async () => (await demo.state()).keyBroken).toBe(false);
    await alert().getByRole('button', { name: 'Retry' }).click();
    await done();
  });
});

describe('faults', () => {
  it('a 429 shows the wait banner with a countdown, then the answer arrives', async () => {
    await newChat();
    await panel().getByRole('button', { name: 'Inject 429' }).click();
    await expect.poll(() => panel().innerText()).toContain('Pending: rate_limit');
    const before = completions();
    await send('Rate limit me');
    const banner = page.getByRole('status').filter({ hasText: 'Rate limited' });
    await banner.waitFor();
    // The countdown, or "now" once it ran out (never "in 0s") if this read came late.
    await expect(banner.innerText()).resolves.toMatch(/retrying (in [1-9]\d*s|now)/);
    await screenshot(page, 'rate-limited');
    await done();
    await expect(lastAssistant().innerText()).resolves.toContain('Rate limit me');
    expect(completions() - before).toBe(2);
    await expect(banner.count()).resolves.toBe(0);
    // The meter shows the latest window from X-RateLimit-*.
    await expect(page.getByRole('region', { name: 'Rate limit' }).innerText()).resolves.toMatch(
      /Remaining \d+\/60/,
    );
  });

  it('a 500 is retried automatically and the answer arrives', async () => {
    await newChat();
    await panel().getByRole('button', { name: 'Inject 500' }).click();
    await expect.poll(() => panel().innerText()).toContain('Pending: server_error');
    const before = completions();
    await send('Fail once please');
    await done();
    await expect(lastAssistant().innerText()).resolves.toContain('Fail once please');
    expect(completions() - before).toBe(2);
    await expect(alert().count()).resolves.toBe(0);
  });

  it('a stream dropped mid-way keeps its text, says why, and Retry completes it', async () => {
    await newChat();
    await panel().getByRole('button', { name: 'Drop mid-stream' }).click();
    await expect.poll(() => panel().innerText()).toContain('Pending: drop_mid_stream');
    await send('Drop this stream');
    const interrupted = page.locator('article[data-role="assistant"][data-status="interrupted"]');
    await interrupted.waitFor();
    const partial = await interrupted.locator('.markdown').innerText();
    expect(partial.length).toBeGreaterThan(0);
    await expect(interrupted.getByText('Interrupted').count()).resolves.toBe(1);
    await expect(alert().innerText()).resolves.toMatch(/interrupted[\s\S]*kept above/);
    // Said once: the title says interrupted, the detail gives the cause without repeating it.
    await expect(alert().innerText()).resolves.not.toMatch(/interrupted[\s\S]*interrupted/i);
    await screenshot(page, 'interrupted');
    // Reload: the partial answer was persisted too, and still says it is not finished.
    await page.reload();
    await page.locator('article[data-role="assistant"]').first().waitFor();
    // The saved answer has a durable stream id: the reloaded chat first reattaches to it (its replay shows
    // as streaming), and learns from the proxy that the stream broke upstream.
    await expect.poll(() => lastAssistant().getAttribute('data-status')).toBe('interrupted');
    await expect(lastAssistant().locator('.markdown').innerText()).resolves.toBe(partial);
    await expect(lastAssistant().getByText('Interrupted').count()).resolves.toBe(1);
    // So after a switch to another conversation and back.
    const list = page.getByRole('navigation', { name: 'Conversations' });
    await page.getByRole('button', { name: 'New chat' }).click();
    await expect(page.locator('article[data-role="assistant"]').count()).resolves.toBe(0);
    await list.getByRole('button', { name: 'Drop this stream', exact: true }).click();
    await expect.poll(() => lastAssistant().getAttribute('data-status')).toBe('interrupted');
    await page.getByRole('button', { name: 'Regenerate' }).click();
    await done();
    await expect(lastAssistant().innerText()).resolves.toContain('Drop this stream');
  });
});

describe('developer panel', () => {
  const demoState = async () =>
    (await (await fetch(`${demo.url}/__demo/state`)).json()) as { speed?: string };

  it('the Speed selector changes the emulator pace', async () => {
    const speed = panel().getByRole('combobox', { name: 'Speed' });
    await speed.selectOption('slow');
    await expect.poll(async () => (await demoState()).speed).toBe('slow');
    await expect(speed.inputValue()).resolves.toBe('slow');
    await speed.selectOption('instant');
    await expect.poll(async () => (await demoState()).speed).toBe('instant');
    await expect(speed.inputValue()).resolves.toBe('instant');
  });

  it('Stall: a stream that goes silent fails as interrupted after the idle timeout, keeping its text', async () => {
    await newChat();
    await panel().getByRole('button', { name: 'Stall' }).click();
    await expect.poll(() => panel().innerText()).toContain('Pending: stall');
    await send('Stall this stream');
    const interrupted = page.locator('article[data-role="assistant"][data-status="interrupted"]');
    await interrupted.waitFor({ timeout: 30_000 });
    // The emulator's stall sends some chunks first: they stay on screen.
    await expect(interrupted.locator('.markdown').innerText()).resolves.not.toBe('');
    await expect(alert().innerText()).resolves.toMatch(/interrupted/i);
  });
});

describe('one-shot view', () => {
  it('a repeated input is served from the query cache without a request', async () => {
    await page.getByRole('tab', { name: 'One-shot' }).click();
    const text = page.getByRole('textbox', { name: 'Text' });
    const run = page.getByRole('button', { name: 'Run' });
    const badge = page.getByTestId('cache-status');
    await text.fill('Caches keep answers close to where they are needed.');
    let before = completions();
    await run.click();
    await expect.poll(() => badge.innerText()).toBe('Fresh from the API');
    expect(completions() - before).toBe(1);
    const first = await page.getByRole('article', { name: 'Result' }).locator('.markdown').innerText();

    await page.getByRole('combobox', { name: 'Task' }).selectOption('translate_fr');
    await run.click();
    await expect.poll(() => badge.innerText()).toBe('Fresh from the API');

    before = completions();
    await page.getByRole('combobox', { name: 'Task' }).selectOption('summarise');
    await run.click();
    await expect.poll(() => badge.innerText()).toBe('Served from cache — no request sent');
    expect(completions()).toBe(before);
    await expect(
      page.getByRole('article', { name: 'Result' }).locator('.markdown').innerText(),
    ).resolves.toBe(first);
    await screenshot(page, 'one-shot-cache-hit');
    // The view survives a reload through the URL hash.
    await page.reload();
    await page.getByRole('textbox', { name: 'Text' }).waitFor();
  });
});
