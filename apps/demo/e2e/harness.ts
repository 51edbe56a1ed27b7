// Shared e2e plumbing: the demo's own Vite config on 127.0.0.1:0 (emulator + proxy started in-process),
// and one real Chromium per test file. Everything here stops in afterAll.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tier } from '@using-ai/core';
import { type Browser, type BrowserContext, chromium, type Page, type Request } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { chromiumLaunchOptions } from '../../../scripts/chromium';
import { workspaceAliases } from '../../../vitest.shared';
import { createDemoConfig } from '../server/demo-config';
import type { SpeedName } from '../server/speeds';

export const demoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const screenshotDir = join(demoRoot, 'e2e', 'screenshots');

export interface DemoServer {
  url: string;
  close(): Promise<void>;
  /** POSTs to the dev-only /__demo/* endpoints, as the developer panel does. */
  control(action: 'tier' | 'faults' | 'speed' | 'reset', body: Record<string, unknown>): Promise<void>;
  /** What `GET /__demo/state` says now, read from the test process (not through the page). */
  state(): Promise<{ tier: Tier | null; speed: string | null; keyBroken: boolean; faults: unknown[] }>;
}

export interface StartDemoOptions {
  /** Emulator pace; tests default to `fast` and switch to `slow` where they need to catch a stream. */
  speed?: SpeedName;
  rateLimits?: Partial<Record<Tier, number>>;
  rateLimitWindowMs?: number;
}

export async function startDemo(options: StartDemoOptions = {}): Promise<DemoServer> {
  // `vite` serves in development mode; vitest sets NODE_ENV=test, which would turn dev-only code
  // (React Query devtools) into no-ops in the pre-bundled dependencies.
  process.env.NODE_ENV = 'development';
  const config = await createDemoConfig({
    command: 'serve',
    apiKey: '', // always the embedded emulator, whatever the environment says
    aliases: workspaceAliases,
    speed: options.speed ?? 'fast',
    rateLimits: options.rateLimits,
    rateLimitWindowMs: options.rateLimitWindowMs,
  });
  // Its own dependency-optimizer cache: two servers sharing node_modules/.vite (test files running in
  // parallel) overwrite each other's pre-bundles and the pages fail to load.
  const cacheDir = await mkdtemp(join(tmpdir(), 'using-ai-demo-vite-'));
  const server: ViteDevServer = await createServer({
    ...config,
    configFile: false,
    root: demoRoot,
    cacheDir,
    logLevel: 'warn',
    clearScreen: false,
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('Vite did not bind a TCP port');
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    async close() {
      await server.close();
      await rm(cacheDir, { recursive: true, force: true });
    },
    async control(action, body) {
      const response = await fetch(`${url}/__demo/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`/__demo/${action}: ${response.status} ${await response.text()}`);
    },
    async state() {
      const response = await fetch(`${url}/__demo/state`);
      if (!response.ok) throw new Error(`/__demo/state: ${response.status} ${await response.text()}`);
      return response.json();
    },
  } satisfies DemoServer;
}

export interface DemoBrowser {
  browser: Browser;
  /** A fresh context (empty localStorage) with every request the page makes recorded. */
  newPage(viewport?: {
    width: number;
    height: number;
  }): Promise<{ page: Page; context: BrowserContext; requests: Request[] }>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<DemoBrowser> {
  // playwright gives every launch a fresh temporary profile and deletes it on close.
  const browser = await chromium.launch(chromiumLaunchOptions);
  return {
    browser,
    async newPage(viewport = { width: 1280, height: 860 }) {
      const context = await browser.newContext({ viewport });
      // Generous: the whole monorepo suite may share these 2 cores with this browser.
      context.setDefaultTimeout(45_000);
      const page = await context.newPage();
      const requests: Request[] = [];
      page.on('request', (request) => requests.push(request));
      return { page, context, requests };
    },
    async close() {
      await browser.close();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
