// The production build must not contain the server's key, whatever the environment held at build time.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, expect, it } from 'vitest';
import { workspaceAliases } from '../../../vitest.shared';
import { createDemoConfig } from '../server/demo-config';
import { demoRoot } from './harness';

const SENTINEL = `sk-sentinel-${Math.random().toString(36).slice(2)}-do-not-ship`;
let outDir = '';

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

it('vite build with a sentinel USING_AI_KEY puts the key in no file of dist/', async () => {
  outDir = await mkdtemp(join(tmpdir(), 'using-ai-demo-dist-'));
  const previous = process.env.USING_AI_KEY;
  process.env.USING_AI_KEY = SENTINEL;
  try {
    const config = await createDemoConfig({ command: 'build', aliases: workspaceAliases });
    await build({
      ...config,
      configFile: false,
      root: demoRoot,
      logLevel: 'warn',
      build: { ...config.build, outDir, emptyOutDir: true },
    });
  } finally {
    if (previous === undefined) delete process.env.USING_AI_KEY;
    else process.env.USING_AI_KEY = previous;
  }

  const files = await filesUnder(outDir);
  expect(files.some((f) => f.endsWith('index.html'))).toBe(true);
  expect(files.some((f) => f.endsWith('.js'))).toBe(true);
  const leaks: string[] = [];
  for (const file of files) {
    const text = await readFile(file, 'latin1');
    // The key itself, and the emulator's test keys, must not reach the browser.
    if (
      text.includes(SENTINEL) ||
      text.includes('SENTINEL-') ||
      /sk-test-(standard|donator|supermaxes)/.test(text)
    ) {
      leaks.push(file);
    }
  }
  expect(leaks).toEqual([]);
  // The bundle does talk to the proxy mount, so the scan looked at the real app.
  const js = await Promise.all(files.filter((f) => f.endsWith('.js')).map((f) => readFile(f, 'utf8')));
  expect(js.join('\n')).toContain('/api/using-ai');
});
