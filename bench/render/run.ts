// React commits while streaming 2,000 chunks: useStreamingChat (@using-ai/react) vs useChat (@ai-sdk/react),
// in real Chromium, from the same bytes served by a local HTTP server. Prints commits, frames, the most
// commits in one frame, long tasks, and the ratio of commits. Run: pnpm --filter @using-ai/bench bench:render
// (needs the built packages: `pnpm build` at the root).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../../scripts/chromium';
import type { RunResult } from './page';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const CHUNKS = 2_000;
/** Chunks written per network write, and the pause between writes: ~2,000 tokens/s, a fast model. */
const BURST = 10;
const BURST_GAP_MS = 5;
const ROUNDS = 3;

// The page is bundled from the built packages, as an app would use them.
for (const pkg of ['core', 'react']) {
  if (!existsSync(join(repo, 'packages', pkg, 'dist', 'index.js'))) {
    console.log(`building @using-ai/${pkg} (dist missing)...`);
    execFileSync('pnpm', ['--filter', `@using-ai/${pkg}`, 'build'], { cwd: repo, stdio: 'inherit' });
  }
}

const bundle = await build({
  entryPoints: [join(here, 'page.tsx')],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  jsx: 'automatic',
  write: false,
  define: { 'process.env.NODE_ENV': '"production"' },
  // React's production build with the Profiler enabled (onRender is a no-op in the plain one).
  alias: { 'react-dom/client': 'react-dom/profiling' },
});
const script = bundle.outputFiles[0]?.contents ?? new Uint8Array();

function chunk(index: number): string {
  const delta = index === 0 ? { role: 'assistant', content: '' } : { content: `tok${index} ` };
  return `data: ${JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'bench',
    choices: [{ index: 0, delta, finish_reason: index === CHUNKS - 1 ? 'stop' : null }],
  })}\n\n`;
}
const events = Array.from({ length: CHUNKS }, (_, i) => chunk(i));
const expectedText = events.slice(1).reduce((text, _e, i) => `${text}tok${i + 1} `, '');

async function stream(res: ServerResponse) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (let i = 0; i < events.length; i += BURST) {
    res.write(events.slice(i, i + BURST).join(''));
    await new Promise((resolve) => setTimeout(resolve, BURST_GAP_MS));
  }
  res.end('data: [DONE]\n\n');
}

function handle(req: IncomingMessage, res: ServerResponse) {
  if (req.method === 'POST' && req.url === '/api/using-ai/chat/completions') {
    req.resume();
    req.on('end', () => void stream(res));
    return;
  }
  if (req.url === '/app.js') {
    res.writeHead(200, { 'content-type': 'text/javascript' });
    res.end(script);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end('<!doctype html><html><body><script type="module" src="/app.js"></script></body></html>');
}

const server = createServer(handle);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
// launch() gives the browser a fresh temporary profile of its own.
const browser = await chromium.launch(chromiumLaunchOptions);

const results: Record<'ours' | 'theirs', RunResult[]> = { ours: [], theirs: [] };
const longChat: Record<'empty' | 'long', number[]> = { empty: [], long: [] };
try {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error('page error:', error));
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => 'runBench' in window);
  // Alternate the contenders so machine noise hits both alike; the first round of each warms up.
  for (let round = 0; round <= ROUNDS; round++) {
    for (const kind of ['ours', 'theirs'] as const) {
      const result = await page.evaluate(
        (k) => (window as unknown as { runBench: (k: string) => Promise<RunResult> }).runBench(k),
        kind,
      );
      if (result.textLength !== expectedText.length) {
        throw new Error(`${kind}: rendered ${result.textLength} characters, expected ${expectedText.length}`);
      }
      if (round > 0) results[kind].push(result);
    }
  }
  // Long chat (issue 13): main-thread time (Chrome's TaskDuration) while streaming into a chat with 200
  // earlier messages vs into an empty one, every row rendered; mounting is left out of the measure.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskSeconds = async () => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as {
      metrics: { name: string; value: number }[];
    };
    return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
  };
  for (let round = 0; round <= ROUNDS; round++) {
    for (const kind of ['empty', 'long'] as const) {
      await page.evaluate(
        (long) => (window as unknown as { mountList: (l: boolean) => Promise<void> }).mountList(long),
        kind === 'long',
      );
      const before = await taskSeconds();
      const length = await page.evaluate(() =>
        (window as unknown as { streamList: () => Promise<number> }).streamList(),
      );
      const ms = ((await taskSeconds()) - before) * 1000;
      if (length !== expectedText.length) throw new Error(`${kind} list: rendered ${length} characters`);
      if (round > 0) longChat[kind].push(ms);
    }
  }
} finally {
  await browser.close();
  server.close();
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
const max = (values: number[]) => Math.max(...values);
const summary = (kind: 'ours' | 'theirs') => {
  const runs = results[kind];
  return {
    commits: median(runs.map((r) => r.commits)),
    frames: median(runs.map((r) => r.frames)),
    maxCommitsPerFrame: max(runs.map((r) => r.maxCommitsPerFrame)),
    maxCommitsPerFrameMidStream: max(runs.map((r) => r.maxCommitsPerFrameMidStream)),
    longTasksOver50ms: max(runs.map((r) => r.longTasks)),
    longestTaskMs: Math.round(max(runs.map((r) => r.longestTaskMs))),
    durationMs: Math.round(median(runs.map((r) => r.durationMs))),
  };
};
const ours = summary('ours');
const theirs = summary('theirs');

console.log(
  `render: ${CHUNKS} chunks (${BURST} per write every ${BURST_GAP_MS} ms), ${ROUNDS} rounds each, medians (max for per-frame and long tasks)`,
);
console.table({ 'useStreamingChat (@using-ai/react)': ours, 'useChat (@ai-sdk/react, default)': theirs });
const ratio = theirs.commits / Math.max(1, ours.commits);
console.log(`commits: useChat / useStreamingChat = ${ratio.toFixed(1)}x fewer (target >= 10x)`);
console.log(
  `useStreamingChat: max ${ours.maxCommitsPerFrameMidStream} commit(s) per frame while streaming (target <= 1), ` +
    `${ours.longTasksOver50ms} long task(s) > 50 ms (target 0), longest task ${ours.longestTaskMs} ms`,
);
const emptyMs = median(longChat.empty);
const longMs = median(longChat.long);
console.log(
  `long chat: main-thread time while streaming ${CHUNKS} chunks, median of ${ROUNDS}: empty chat ${emptyMs.toFixed(0)} ms, ` +
    `200 earlier messages ${longMs.toFixed(0)} ms, ratio ${(longMs / Math.max(1, emptyMs)).toFixed(2)}x (target <= 1.2x)`,
);
