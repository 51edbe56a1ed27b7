// biome-ignore-all lint/performance/useDomNodeTextContent: these are playwright Locator.innerText() calls, not the DOM property.
// The developer panel's own state and the rate-limit meter, in real Chromium against the demo's Vite
// server, proxy and emulator. The races here once failed CI one run in two; each test pins one down.
import type { Page, Request, Route } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DemoBrowser, type DemoServer, launchBrowser, startDemo } from './harness';

let demo: DemoServer;
let browser: DemoBrowser;
let page: Page;
let requests: Request[];

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemo({ speed: 'fast' }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
});
// A fresh page on a fresh emulator (empty rate-limit windows) for every test.
beforeEach(async () => {
  await page?.context().close();
  await demo.control('reset', {});
  ({ page, requests } = await browser.newPage());
  await page.goto(demo.url);
  await page.locator('select[aria-label="Model"] option[value="haiku-4.5"]').waitFor({ state: 'attached' });
});

const panel = () => page.getByRole('complementary', { name: 'Developer panel' });
const keyBox = () => panel().getByRole('checkbox', { name: 'Send an invalid key (401)' });
const meter = () => page.getByRole('region', { name: 'Rate limit' });

async function sendAndWait(text: string) {
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByRole('combobox', { name: 'Model' }).selectOption('haiku-4.5');
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
  await page
    .locator('article[data-role="assistant"]')
    .last()
    .and(page.locator('[data-status="done"]'))
    .waitFor();
}

describe('developer panel', () => {
  it('the key checkbox is checked in the same task as the click (no flicker back)', async () => {
    // Read inside the click's own task: React restores a controlled checkbox at the end of the event
    // unless the new value is already in its state. (It used to arrive a setTimeout later.)
    const afterClick = () =>
      keyBox().evaluate((el: HTMLInputElement) => {
        el.click();
        return el.checked;
      });
    await expect(afterClick()).resolves.toBe(true);
    await expect.poll(async () => (await demo.state()).keyBroken).toBe(true);
    await expect(afterClick()).resolves.toBe(false);
    await expect.poll(async () => (await demo.state()).keyBroken).toBe(false);
    await expect(keyBox().isChecked()).resolves.toBe(false);
  });

  it('a state read answered after the switch does not switch the checkbox back', async () => {
    // Every read of the demo state is held; the first one will be answered late with what the server
    // said before the click, like a slow poll would.
    const held: Route[] = [];
    let firstHeld = () => {};
    const heldOne = new Promise<void>((resolve) => {
      firstHeld = resolve;
    });
    await page.route('**/__demo/state', (route) => {
      held.push(route);
      firstHeld();
    });
    try {
      // A pending fault makes the page poll the state every second.
      await panel().getByRole('button', { name: 'Inject 429' }).click();
      await expect.poll(() => panel().innerText()).toContain('Pending: rate_limit');
      await heldOne;
      const stale = held[0]!;
      const before = await stale.fetch(); // the server's answer now: key fine, one fault pending
      let outcome: 'answered' | 'cancelled' | undefined;
      page.on('requestfinished', (r) => {
        if (r === stale.request()) outcome = 'answered';
      });
      page.on('requestfailed', (r) => {
        if (r === stale.request()) outcome = 'cancelled';
      });
      // A second fault: the state the switch answers with differs from the stale one (two listed).
      await demo.control('faults', { fault: 'rate_limit' });

      const switched = page.waitForResponse((r) => r.url().endsWith('/__demo/key'));
      await keyBox().check();
      await switched;
      await expect.poll(() => panel().innerText()).toContain('Pending: rate_limit, rate_limit');
      await stale.fulfill({ response: before }).catch(() => {}); // fails when the page cancelled it
      await expect.poll(() => outcome).toBeDefined();
      // Had the page taken the stale answer, the panel would show its single fault once it rendered it.
      if (outcome === 'answered') {
        await expect.poll(() => panel().innerText()).not.toContain('rate_limit, rate_limit');
      }
      await expect(keyBox().isChecked()).resolves.toBe(true);
      await expect(panel().innerText()).resolves.toContain('Pending: rate_limit, rate_limit');
    } finally {
      await page.unroute('**/__demo/state');
      for (const route of held.slice(1)) await route.continue().catch(() => {});
    }
  });
});

describe('rate-limit meter', () => {
  it('a fresh page has spent nothing: the model list is not counted, and one message is one request', async () => {
    await expect(meter().innerText()).resolves.toContain('No requests yet');
    expect(requests.filter((r) => r.url().includes('/api/using-ai/')).map((r) => r.url())).toEqual([]);
    await sendAndWait('Hello once');
    await expect.poll(() => meter().innerText()).toMatch(/Remaining 59\/60 · resets in/);
  });

  it("after a tier switch it stops showing the old key's window, then shows the new key's", async () => {
    await sendAndWait('Hello on Standard');
    await expect.poll(() => meter().innerText()).toMatch(/Remaining 59\/60/);
    await panel().getByRole('button', { name: 'Donator' }).click();
    await expect.poll(() => page.locator('.tier-pill').innerText()).toBe('Donator key');
    await expect(meter().innerText()).resolves.not.toContain('/60');
    await expect(meter().innerText()).resolves.toContain('No requests with this key yet');
    await sendAndWait('Hello on Donator');
    await expect.poll(() => meter().innerText()).toMatch(/Remaining 119\/120 · resets in/);
  });
});
