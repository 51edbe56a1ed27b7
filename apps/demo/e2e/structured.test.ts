// biome-ignore-all lint/performance/useDomNodeTextContent: these are playwright Locator.innerText() calls, not the DOM property.
// The Structured view in real Chromium: the trip-plan card fills in while the JSON streams, ends validated,
// and shows the typed validation error when the developer panel breaks the schema of the next answer.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoBrowser, type DemoServer, launchBrowser, screenshot, startDemo } from './harness';

let demo: DemoServer;
let browser: DemoBrowser;
let page: Page;

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemo({ speed: 'normal' }), launchBrowser()]);
  ({ page } = await browser.newPage());
  await page.goto(`${demo.url}/#/structured`);
  await page.getByRole('button', { name: 'Plan' }).waitFor();
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

const status = () => page.getByTestId('structured-status');
const card = () => page.getByRole('article', { name: 'Trip plan' });

describe('Structured view', () => {
  it('fills the card in while the model streams, then shows the validated plan', async () => {
    await page.getByRole('button', { name: 'Plan' }).click();
    // Mid-stream: some fields filled, the status says so.
    await page.getByTestId('structured-status').filter({ hasText: 'streaming' }).waitFor();
    await page.locator('[data-testid="field-destination"]').filter({ hasNotText: '…' }).waitFor();
    const midway = await card().innerText();
    await status().filter({ hasText: 'idle' }).waitFor({ timeout: 60_000 });
    const final = await card().innerText();
    expect(final.length).toBeGreaterThan(midway.length);
    expect(await page.getByTestId('field-nights').innerText()).toMatch(/^\d+$/);
    expect(await page.getByRole('list', { name: 'Days' }).locator(':scope > li').count()).toBeGreaterThan(0);
    expect(await page.getByRole('alert').count()).toBe(0);
    await screenshot(page, 'structured-done');
  });

  it('shows the validation error when the developer panel breaks the JSON schema', async () => {
    await demo.control('speed', { speed: 'fast' });
    const panel = page.getByRole('complementary', { name: 'Developer panel' });
    if (!(await panel.isVisible())) await page.getByRole('button', { name: 'Developer' }).click();
    await panel.getByRole('button', { name: 'Break the JSON schema' }).click();
    await panel.getByText(/Pending: schema_mismatch/).waitFor();
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByRole('button', { name: 'Plan' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/The answer does not match the schema/);
    expect(await status().innerText()).toBe('error');
    // What arrived stays on the card beside the error (the fault leaves the first required field, title, out).
    expect(await page.getByTestId('field-destination').innerText()).not.toBe('…');
    expect(await page.getByRole('alert').innerText()).toMatch(/title/);
    await screenshot(page, 'structured-schema-error');
  });
});
