// Bundle size of the chat hooks, measured one way for both: esbuild, minified ESM for the browser,
// react / react-dom / @tanstack/react-query external, gzip level 9. Run: pnpm --filter @using-ai/bench exec tsx render/size.ts
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const BUDGET_BYTES = 6 * 1024;

async function size(label: string, contents: string) {
  const result = await build({
    stdin: { contents, resolveDir: import.meta.dirname, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    external: ['react', 'react-dom', 'react/jsx-runtime', '@tanstack/react-query'],
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { label, min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

const rows = [
  await size('@using-ai/react (all exports) + @using-ai/core', "export * from '@using-ai/react';"),
  await size(
    'useStreamingChat + UsingAiProvider + core',
    "export { useStreamingChat, UsingAiProvider } from '@using-ai/react';",
  ),
  await size('useChat (@ai-sdk/react) + ai', "export { useChat } from '@ai-sdk/react';"),
];
console.table(Object.fromEntries(rows.map(({ label, ...r }) => [label, r])));
const ours = rows[0]?.gzip ?? 0;
const theirs = rows[2]?.gzip ?? 0;
console.log(
  `@using-ai/react + core: ${(ours / 1024).toFixed(2)} KB min+gzip (budget ${BUDGET_BYTES / 1024} KB); ` +
    `useChat: ${(theirs / 1024).toFixed(2)} KB; ratio ${(theirs / ours).toFixed(1)}x smaller`,
);
if (ours > BUDGET_BYTES) process.exitCode = 1;
