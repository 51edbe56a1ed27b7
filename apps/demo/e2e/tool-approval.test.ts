// biome-ignore-all lint/performance/useDomNodeTextContent: these are playwright Locator.innerText() calls, not the DOM property.
// A tool that needs approval (send_email) in real Chromium: the chat pauses with Approve and Deny on the
// tool card; Approve runs the tool, Deny sends the refusal back and the model answers after it.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DemoBrowser, type DemoServer, launchBrowser, screenshot, startDemo } from './harness';

let demo: DemoServer;
let browser: DemoBrowser;
let page: Page;

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemo({ speed: 'fast' }), launchBrowser()]);
  ({ page } = await browser.newPage());
  await page.goto(demo.url);
  await page
    .locator('select[aria-label="Model"] option[value="haiku-4.5-agentic"]')
    .waitFor({ state: 'attached' });
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
});
beforeEach(async () => {
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByRole('combobox', { name: 'Model' }).selectOption('haiku-4.5-agentic');
  await page.getByRole('textbox', { name: 'Message' }).fill('Send an email to bob@example.com about lunch');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
});

const card = () => page.getByRole('article', { name: 'Tool call send_email' });
const lastAssistant = () => page.locator('article[data-role="assistant"]').last();

describe('a tool that needs approval', () => {
  it('waits with Approve and Deny on its card; Approve runs it and the answer follows', async () => {
    await card().and(page.locator('[data-state="awaiting-approval"]')).waitFor();
    expect(await card().locator('.tool-args').innerText()).toContain('"to"');
    await screenshot(page, 'tool-awaiting-approval');
    await card().getByRole('button', { name: 'Approve' }).click();
    await card().and(page.locator('[data-state="done"]')).waitFor();
    expect(await card().locator('.tool-result').innerText()).toContain('"sent": true');
    await lastAssistant().and(page.locator('[data-status="done"]')).waitFor();
    expect(await card().getByRole('button', { name: 'Approve' }).count()).toBe(0);
  });

  it('Deny sends the refusal back; the model answers after it', async () => {
    await card().getByRole('button', { name: 'Deny' }).click();
    await card().and(page.locator('[data-state="error"]')).waitFor();
    expect(await card().locator('.tool-result').innerText()).toMatch(/The user denied this tool call/);
    await lastAssistant().and(page.locator('[data-status="done"]')).waitFor();
    await expect.poll(() => lastAssistant().locator('.markdown').innerText()).toMatch(/denied/);
    await screenshot(page, 'tool-denied');
  });
});
