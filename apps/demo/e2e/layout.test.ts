// biome-ignore-all lint/performance/useDomNodeTextContent: these are playwright Locator.innerText() calls, not the DOM property.
// Layout at the widths people use, in real Chromium: what is on top, and what is cut off.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type DemoBrowser, type DemoServer, launchBrowser, screenshot, startDemo } from './harness';

let demo: DemoServer;
let browser: DemoBrowser;

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemo({ speed: 'fast' }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

async function open(viewport: { width: number; height: number }): Promise<Page> {
  const { page } = await browser.newPage(viewport);
  await page.goto(demo.url);
  await page.locator('select[aria-label="Model"] option[value="haiku-4.5"]').waitFor({ state: 'attached' });
  return page;
}

/** Whether the element's centre is the element itself (or inside it) for the pointer: nothing covers it. */
const onTop = (page: Page, name: string) =>
  page.getByRole('button', { name, exact: true }).evaluate((el) => {
    const box = el.getBoundingClientRect();
    const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    return hit !== null && el.contains(hit);
  });

it('at 375 px the conversation drawer opens above the developer panel, not under it', async () => {
  const page = await open({ width: 375, height: 740 });
  await page.getByRole('button', { name: 'Developer' }).click();
  await page.getByRole('complementary', { name: 'Developer panel' }).waitFor();
  await page.getByRole('button', { name: 'Conversations' }).click();
  const drawer = page.locator('.sidebar.open');
  await drawer.waitFor();
  // The drawer slides in: wait until it stopped moving before asking what is on top.
  await expect
    .poll(() => drawer.evaluate((el) => getComputedStyle(el).transform))
    .toMatch(/^(none|matrix\(1, 0, 0, 1, 0, 0\))$/);
  await expect(onTop(page, 'New chat')).resolves.toBe(true);
  await screenshot(page, 'mobile-375-drawer');
  // And it works: a new chat starts and the drawer closes.
  await page.getByRole('button', { name: 'New chat' }).click();
  await expect.poll(() => page.locator('.sidebar.open').count()).toBe(0);
  await page.context().close();
});

it('at 1280 px the model picker is wide enough for its longest entry ("… — needs SuperMaxes")', async () => {
  const page = await open({ width: 1280, height: 860 });
  const picker = page.getByRole('combobox', { name: 'Model' });
  await picker.selectOption('opus-4.5-thinking');
  await expect(page.getByRole('note').innerText()).resolves.toBe('Needs SuperMaxes');
  // A select is as wide as its widest option unless a max-width cuts it: compare with none.
  const [shown, natural] = await picker.evaluate((el: HTMLSelectElement) => {
    const width = el.getBoundingClientRect().width;
    el.style.maxWidth = 'none';
    const free = el.getBoundingClientRect().width;
    el.style.maxWidth = '';
    return [width, free];
  });
  expect(shown).toBeGreaterThanOrEqual(natural);
  // Every tier label in the developer panel fits its button too.
  const clipped = await page
    .getByRole('complementary', { name: 'Developer panel' })
    .locator('.segmented button')
    .evaluateAll((buttons) =>
      buttons
        .filter((b) => {
          const range = document.createRange();
          range.selectNodeContents(b);
          const text = range.getBoundingClientRect();
          const box = b.getBoundingClientRect();
          return text.left < box.left || text.right > box.right;
        })
        .map((b) => b.textContent),
    );
  expect(clipped).toEqual([]);
  // No emoji the page's fonts may lack: every glyph of the picker is in the Basic Multilingual Plane.
  const labels = await picker.locator('option').allTextContents();
  expect(labels.filter((l) => /[\u{10000}-\u{10FFFF}]/u.test(l))).toEqual([]);
  await screenshot(page, 'picker-1280');
  await page.context().close();
});
