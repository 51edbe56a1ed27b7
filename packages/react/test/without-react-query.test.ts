// @vitest-environment node
// Issue 16: `@using-ai/react` imported @tanstack/react-query at its top level, so an app that only uses
// useStreamingChat could not build without it. The fixture app is bundled with esbuild from the BUILT
// packages (dist, as installed; `pnpm build` runs before the tests in CI) by a plugin that fails the build
// on any @tanstack/* import, then run in real Chromium against the real emulator (which allows CORS).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../../scripts/chromium';
import { setupMockServer } from './helpers';

const mock = setupMockServer();
const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const dist = { root: at('../dist/index.js'), query: at('../dist/query.js') };

/** Resolves our package names to the built files, and refuses TanStack Query like an app without it. */
const asInstalledWithoutReactQuery: Plugin = {
  name: 'without-react-query',
  setup(builder) {
    builder.onResolve({ filter: /^@tanstack\// }, (args) => ({
      errors: [{ text: `${args.path} is not installed (imported by ${args.importer})` }],
    }));
    builder.onResolve({ filter: /^@using-ai\/react(\/query)?$/ }, (args) => ({
      path: args.path.endsWith('/query') ? dist.query : dist.root,
    }));
  },
};

function bundle(contents: string) {
  if (!existsSync(dist.root)) throw new Error('Run `pnpm build` first: packages/react/dist is missing');
  return build({
    stdin: { contents, resolveDir: at('./fixtures'), loader: 'tsx' },
    bundle: true,
    format: 'iife',
    globalName: 'fixture',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [asInstalledWithoutReactQuery],
    write: false,
    logLevel: 'silent',
  });
}

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch(chromiumLaunchOptions);
}, 60_000);
afterAll(() => browser?.close());

describe('an app without @tanstack/react-query', () => {
  it('builds from the built package and streams a chat with useStreamingChat', async () => {
    const result = await bundle(`export { mount } from './streaming-only-app';`);
    const code = result.outputFiles[0]?.text ?? '';
    expect(code).not.toContain('@tanstack');

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.setContent('<div id="root"></div>');
    await page.addScriptTag({ content: code });
    await page.evaluate(
      ([baseURL, key]) => {
        const app = (globalThis as unknown as { fixture: { mount(...args: unknown[]): void } }).fixture;
        app.mount(document.getElementById('root'), baseURL, key);
      },
      [mock().baseURL, 'sk-test-standard'],
    );
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByTestId('message-assistant').waitFor();
    await page.getByTestId('status').getByText('idle').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('message-user').textContent()).toBe('Hello!');
    expect((await page.getByTestId('message-assistant').textContent())?.length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 30_000);

  it('the same build refuses the query subpath, which does need it (the guard works)', async () => {
    await expect(bundle(`export * from '@using-ai/react/query';`)).rejects.toThrow(
      /react-query is not installed/,
    );
  });
});
