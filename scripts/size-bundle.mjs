// How scripts/size.mjs measures: esbuild bundles (minified, ESM, browser) gzipped at level 9, whole or
// split into what loads up front and what loads on first use.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** Minified, gzipped bytes of `contents` (an ES module entry) bundled from `resolveDir`. */
/** How an app's bundler ships our packages to a browser: minified ESM, nothing written to disk. */
const BROWSER_BUNDLE = {
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
  logLevel: 'silent',
};

export async function gzippedSize({ contents, resolveDir, external = [], alias = {} }) {
  const result = await build({
    ...BROWSER_BUNDLE,
    stdin: { contents, resolveDir, loader: 'js' },
    external,
    alias,
  });
  const code = result.outputFiles[0].contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

/**
 * What an app downloads up front for `contents` (the entry and the chunks it imports statically) and,
 * apart, what it loads only when a feature is used (the chunks behind dynamic imports: chat persistence
 * and sync). Bundled with code splitting, as Vite, webpack and Next.js do.
 */
export async function initialAndLazy({ contents, resolveDir, external = [], alias = {} }) {
  const dir = mkdtempSync(join(tmpdir(), 'size-'));
  const entry = join(dir, 'entry.js');
  writeFileSync(entry, contents);
  try {
    const result = await build({
      entryPoints: [entry],
      outdir: join(dir, 'out'),
      absWorkingDir: resolveDir,
      ...BROWSER_BUNDLE,
      splitting: true,
      metafile: true,
      external,
      alias,
    });
    const outputs = result.metafile.outputs;
    const files = new Map(result.outputFiles.map((f) => [f.path, f.contents]));
    const key = (path) => Object.keys(outputs).find((k) => resolve(resolveDir, k) === path);
    const entryKey = Object.keys(outputs).find((k) => outputs[k].entryPoint);
    const initial = new Set();
    const visit = (k) => {
      if (initial.has(k)) return;
      initial.add(k);
      for (const i of outputs[k].imports) if (i.kind === 'import-statement' && outputs[i.path]) visit(i.path);
    };
    visit(entryKey);
    const sizeOf = (keys) => {
      const parts = [...files].filter(([path]) => keys.includes(key(path))).map(([, c]) => Buffer.from(c));
      const code = Buffer.concat(parts);
      return { min: code.length, gzip: code.length ? gzipSync(code, { level: 9 }).length : 0 };
    };
    const all = Object.keys(outputs).filter((k) => k.endsWith('.js'));
    const lazyKeys = all.filter((k) => !initial.has(k));
    // Each lazy chunk by the name of the file it was split at (persist, sync, tool-gate...), hash dropped.
    const chunks = lazyKeys.map((k) => [
      k.replace(/^.*\//, '').replace(/(-[A-Z0-9]{8})+\.js$/, ''),
      sizeOf([k]),
    ]);
    return { initial: sizeOf([...initial]), lazy: sizeOf(lazyKeys), chunks };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
