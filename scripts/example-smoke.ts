// The examples' CI smoke test, shared by examples/*/test/smoke.test.ts. Each example is built once, here,
// by its own `build` script with a sentinel USING_AI_KEY (the root `pnpm build` builds only the packages,
// so CI never builds an example twice); the output is searched for the sentinel; then `start` serves the
// build on a free port with USING_AI_KEY unset (the embedded emulator) and real Chromium streams one answer.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startMockServer } from '@using-ai/mock';
import { chromium, type Request } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromiumLaunchOptions } from './chromium';

const SENTINEL = `sk-sentinel-${Math.random().toString(36).slice(2)}-do-not-ship`;

/** The example's environment: this process's, minus the variables that would change what it builds or runs. */
function exampleEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...extra };
  // vitest's NODE_ENV=test would make Next and Vite build in the wrong mode.
  delete env.NODE_ENV;
  delete env.VITEST;
  for (const key of ['USING_AI_KEY', 'USING_AI_UPSTREAM', 'PORT'] as const) {
    if (!(key in extra)) delete env[key];
  }
  // A plain record above: Next's types make NODE_ENV required (and read-only) in NodeJS.ProcessEnv.
  return env as NodeJS.ProcessEnv;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code} in ${cwd}:\n${output}`));
    });
  });
}

/** Fails early, and clearly, when the packages were not built (the examples use their dist/, as users do). */
export function assertPackagesBuilt(repoRoot: string): void {
  const missing = ['core', 'react', 'proxy', 'mock'].filter(
    (name) => !existsSync(join(repoRoot, 'packages', name, 'dist', 'index.js')),
  );
  if (missing.length > 0) {
    throw new Error(
      `packages not built (${missing.join(', ')}): run \`pnpm build\` first (\`pnpm test\` does)`,
    );
  }
}

/** Runs the example's `build` script with a sentinel USING_AI_KEY; returns the sentinel. */
export async function buildWithSentinelKey(exampleDir: string): Promise<string> {
  await run('pnpm', ['run', 'build'], exampleDir, exampleEnv({ USING_AI_KEY: SENTINEL }));
  return SENTINEL;
}

/** Every file under `dirs` (recursively) whose bytes contain `needle`. */
export async function filesContaining(dirs: string[], needle: string): Promise<string[]> {
  const found: string[] = [];
  let scanned = 0;
  for (const dir of dirs) {
    const entries = await readdir(dir, { withFileTypes: true, recursive: true });
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const file = join(entry.parentPath, entry.name);
      scanned += 1;
      if ((await readFile(file, 'latin1')).includes(needle)) found.push(file);
    }
  }
  if (scanned === 0) throw new Error(`no files under ${dirs.join(', ')}: the scan would prove nothing`);
  return found;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningExample {
  url: string;
  /** What the server printed so far. */
  output(): string;
  close(): Promise<void>;
}

/**
 * `pnpm start` on a free port, with USING_AI_KEY unset unless `env` sets it; resolves once the page
 * answers 200.
 */
export async function startExample(
  exampleDir: string,
  env: Record<string, string> = {},
): Promise<RunningExample> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Its own process group, so close() ends pnpm, the server and anything the server started.
  const child: ChildProcess = spawn('pnpm', ['run', 'start'], {
    cwd: exampleDir,
    env: exampleEnv({ ...env, PORT: String(port), HOSTNAME: '127.0.0.1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await exited;
    }
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`start exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await close();
      throw new Error(`no answer on ${url} after 90 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, output: () => output, close };
}

export interface StreamedAnswer {
  /** The assistant's text as the page shows it. */
  answer: string;
  /** Every request the page made, with all its headers. */
  requests: { url: string; method: string; headers: Record<string, string> }[];
  /** The Content-Type of the page's chat-completion response. */
  completionContentType: string;
}

/**
 * Opens `pageUrl` in Chromium, types into the textbox labelled "Message", clicks "Send" and waits for the
 * assistant's answer (an element with `data-role="assistant"`) to finish (the Send button is back).
 */
export async function streamOneAnswer(
  pageUrl: string,
  message = 'Say hello in five words.',
): Promise<StreamedAnswer> {
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const context = await browser.newContext();
    // Generous: the whole suite shares 2 cores with this browser.
    context.setDefaultTimeout(45_000);
    const page = await context.newPage();
    const seen: Request[] = [];
    page.on('request', (request) => seen.push(request));
    await page.goto(pageUrl);
    const completion = page.waitForResponse((r) => r.url().includes('/chat/completions'));
    await page.getByRole('textbox', { name: 'Message' }).fill(message);
    await page.getByRole('button', { name: 'Send' }).click();
    const response = await completion;
    const assistant = page.locator('[data-role="assistant"]').last();
    await assistant.waitFor();
    await page.getByRole('button', { name: 'Send' }).waitFor();
    const answer = (await assistant.textContent()) ?? '';
    const requests = await Promise.all(
      seen.map(async (r) => ({ url: r.url(), method: r.method(), headers: await r.allHeaders() })),
    );
    return { answer, requests, completionContentType: response.headers()['content-type'] ?? '' };
  } finally {
    await browser.close();
  }
}

export interface ExampleSmokeOptions {
  /** The example's folder. */
  exampleDir: string;
  /** Folders (relative to the example) that are sent to browsers: searched for the sentinel key. */
  clientDirs: string[];
  /** Pages with the chat (textbox "Message", button "Send"); each streams one answer. Default `['/']`. */
  pages?: string[];
}

/** Registers the smoke tests of one example in the calling test file. */
export function defineExampleSmokeTests(options: ExampleSmokeOptions): void {
  const { exampleDir, clientDirs, pages = ['/'] } = options;
  const repoRoot = join(exampleDir, '..', '..');
  let sentinel = '';
  let server: RunningExample | undefined;

  beforeAll(async () => {
    assertPackagesBuilt(repoRoot);
    sentinel = await buildWithSentinelKey(exampleDir);
    server = await startExample(exampleDir);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('puts the key in no file of the client build', async () => {
    const dirs = clientDirs.map((dir) => join(exampleDir, dir));
    expect(await filesContaining(dirs, sentinel)).toEqual([]);
    // The scan looked at the real app: the client code talks to the proxy mount.
    expect(await filesContaining(dirs, '/api/using-ai')).not.toEqual([]);
  });

  for (const path of pages) {
    it(`streams an answer through the proxy on ${path} in Chromium, with no Authorization from the page`, async () => {
      const origin = server!.url;
      const { answer, requests, completionContentType } = await streamOneAnswer(`${origin}${path}`);
      expect(answer.replace(/^assistant:\s*/, '').trim().length).toBeGreaterThan(0);
      expect(completionContentType).toContain('text/event-stream');
      const posts = requests.filter(
        (r) => r.method === 'POST' && r.url === `${origin}/api/using-ai/chat/completions`,
      );
      expect(posts.length).toBeGreaterThan(0);
      expect(requests.filter((r) => 'authorization' in r.headers)).toEqual([]);
    });
  }

  // After the streams: a server may start the emulator lazily, on its first request.
  it('starts on the embedded emulator when USING_AI_KEY is unset', () => {
    expect(server?.output()).toContain('embedded emulator');
  });

  it('with USING_AI_KEY set, forwards to USING_AI_UPSTREAM with that key (the real-API path)', async () => {
    // An emulator that knows only this key stands in for the real API: any other key gets a 401.
    const liveKey = `sk-test-upstream-${Math.random().toString(36).slice(2)}`;
    const upstream = await startMockServer({ keys: { [liveKey]: 'standard' } });
    let example: RunningExample | undefined;
    try {
      example = await startExample(exampleDir, { USING_AI_KEY: liveKey, USING_AI_UPSTREAM: upstream.url });
      const { answer, requests } = await streamOneAnswer(`${example.url}${pages[0]}`);
      expect(answer.replace(/^assistant:\s*/, '').trim().length).toBeGreaterThan(0);
      expect(requests.filter((r) => 'authorization' in r.headers)).toEqual([]);
      expect(example.output()).not.toContain('embedded emulator');
    } finally {
      await example?.close();
      await upstream.close();
    }
  });
}
