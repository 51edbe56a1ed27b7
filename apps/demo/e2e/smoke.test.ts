import { afterAll, beforeAll, expect, it } from 'vitest';
import { type DemoBrowser, type DemoServer, launchBrowser, screenshot, startDemo } from './harness';

let demo: DemoServer;
let browser: DemoBrowser;
beforeAll(async () => {
  demo = await startDemo();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

it('smoke', async () => {
  const { page } = await browser.newPage();
  page.on('console', (m) => console.log('console:', m.text()));
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  await page.goto(demo.url);
  await page.getByRole('textbox', { name: 'Message' }).fill('Hello there, explain quicksort');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.locator('[data-role="assistant"][data-status="done"]').waitFor();
  await screenshot(page, 'smoke');
  console.log(await page.locator('main').innerText());
  expect(1).toBe(1);
});
