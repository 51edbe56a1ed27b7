// The decision that lets the root entry export toNodeHandler: nothing it pulls in needs a Node built-in,
// so an edge bundler (Workers, Vercel Edge) builds it with no Node polyfills.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

async function bundle(entry: string) {
  return build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    conditions: ['source', 'worker', 'browser'],
    logLevel: 'silent',
    metafile: true,
  });
}

describe('edge bundles', () => {
  it('the root entry bundles for the browser platform without any node: import', async () => {
    const result = await bundle('../src/index.ts');
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((path) => path.includes('RateLimiterCluster'))).toBe(false);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/from\s*["']node:/);
    expect(code).toContain('createProxy');
  });

  it('the /node entry does need Node (and says so by failing for the browser)', async () => {
    await expect(bundle('../src/node.ts')).rejects.toThrow();
  });
});
