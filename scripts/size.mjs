#!/usr/bin/env node
// Bundle budget: what a browser app pays for our packages, minified and gzipped (level 9), with
// their dependencies bundled in and only framework packages left external. Run after `pnpm build`.
// Exits 1 when a package is over its budget.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reactExternals = ['react', 'react-dom', 'react/jsx-runtime', '@tanstack/react-query'];

/** Minified, gzipped bytes of `contents` (an ES module entry) bundled from `resolveDir`. */
async function gzippedSize({ contents, resolveDir, external = [], alias = {} }) {
  const result = await build({
    stdin: { contents, resolveDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external,
    alias,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

const coreDist = join(root, 'packages/core/dist/index.js');
const reactDist = join(root, 'packages/react/dist/index.js');
const reactQueryDist = join(root, 'packages/react/dist/query.js');
const rows = [];
let failed = false;

/**
 * `target` is the size the issue asks for; `budget` is the CI gate. Where we have not reached the target yet,
 * the gate sits just above today's size so that nothing grows unnoticed, and the miss is printed, not hidden.
 */
function record(name, size, { target, budget } = {}) {
  const over = budget !== undefined && size.gzip > budget;
  if (over) failed = true;
  const gate = budget === undefined ? 'info' : over ? `OVER ${budget}` : `ok (<= ${budget})`;
  const goal =
    target === undefined ? '' : size.gzip <= target ? `met (<= ${target})` : `MISSED (> ${target})`;
  rows.push([name, String(size.min), String(size.gzip), gate, goal]);
}

if (!existsSync(coreDist)) {
  console.error('packages/core/dist/index.js is missing: run `pnpm build` first.');
  process.exit(1);
}

// Issue 3's budget is for the client: createClient, the pure helpers and the error classes, with
// eventsource-parser bundled in. The chat session store (also exported by core) is measured apart.
const CORE_TARGET = 4096;
// 5.5 KB until 2026-11-26, then 5.75 KB for the hardening of this session (callbacks that throw, NaN and
// Infinity options, non-SSE 2xx bodies, fetches that ignore their signal): about 250 B, measured.
const CORE_BUDGET = 5888;
const clientApi = [
  'createClient',
  'accumulate',
  'emptyAssistantMessage',
  'messageFromCompletion',
  'parseRateLimit',
  'createRateLimitTracker',
  'backoffDelay',
  'parseRetryAfter',
  'createApiError',
  'UsingAiError',
  'BadRequestError',
  'AuthenticationError',
  'TierForbiddenError',
  'NotFoundError',
  'RequestTooLargeError',
  'RateLimitError',
  'ServerError',
  'ConnectionError',
  'TimeoutError',
  'StreamInterruptedError',
];
const coreDir = join(root, 'packages/core');
record(
  '@using-ai/core client API',
  await gzippedSize({
    contents: `export { ${clientApi.join(', ')} } from ${JSON.stringify(coreDist)};`,
    resolveDir: coreDir,
  }),
  { target: CORE_TARGET, budget: CORE_BUDGET },
);
// The whole root entry, chat session store included, for information.
record(
  '@using-ai/core (all exports)',
  await gzippedSize({ contents: `export * from ${JSON.stringify(coreDist)};`, resolveDir: coreDir }),
);
// The chat store with what framework bindings use (registry, notifier), for information.
record(
  '@using-ai/core/chat (all exports)',
  await gzippedSize({
    contents: `export * from '@using-ai/core/chat';`,
    resolveDir: join(root, 'packages/react'),
  }),
);

if (existsSync(reactDist)) {
  // The React binding plus the core it imports; React and TanStack Query are the app's own. The gate moved from
  // 9 KB to 9.5 KB on 2026-11-26 for correctness fixes (stop() inside callbacks, SSR sessions, tool results
  // that are not JSON, callbacks that throw): about 250 B, measured and accepted, not unnoticed.
  record(
    '@using-ai/react (+ core)',
    await gzippedSize({
      contents: `export * from ${JSON.stringify(reactDist)};`,
      // @using-ai/core and its subpaths resolve through packages/react's node_modules to core's dist.
      resolveDir: join(root, 'packages/react'),
      external: reactExternals,
    }),
    { target: 6144, budget: 9728 },
  );
  // What useStreamingChat alone costs: the root entry no longer pulls TanStack Query, so nothing else is needed.
  record(
    'useStreamingChat (+ core)',
    await gzippedSize({
      contents: `export { useStreamingChat, UsingAiProvider } from ${JSON.stringify(reactDist)};`,
      resolveDir: join(root, 'packages/react'),
      external: reactExternals,
    }),
  );
}

if (existsSync(reactQueryDist)) {
  // The one-shot hooks (`@using-ai/react/query`) with core; TanStack Query itself is the app's own.
  record(
    '@using-ai/react/query (+ core)',
    await gzippedSize({
      contents: `export * from ${JSON.stringify(reactQueryDist)};`,
      resolveDir: join(root, 'packages/react'),
      external: reactExternals,
    }),
  );
}

// The official client, the peer issue 3 compares the SSE path with, measured the same way.
if (existsSync(join(root, 'bench/node_modules/openai'))) {
  record(
    'OpenAI from openai (peer)',
    await gzippedSize({ contents: `export { default } from 'openai';`, resolveDir: join(root, 'bench') }),
  );
}

const aiSdk = join(root, 'bench/node_modules/@ai-sdk/react');
if (existsSync(aiSdk)) {
  record(
    'useChat from @ai-sdk/react',
    await gzippedSize({
      contents: `export { useChat } from '@ai-sdk/react';`,
      resolveDir: join(root, 'bench'),
      external: reactExternals,
    }),
  );
}

const header = ['bundle', 'min bytes', 'min+gzip bytes', 'CI budget', 'issue target'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join('  '));
if (failed) {
  console.error('size: over budget');
  process.exit(1);
}
