// Decode + accumulate throughput of a 10,000-chunk SSE stream held in memory, split into network
// chunks of varying size. Compares @using-ai/core with a bare eventsource-parser + JSON.parse loop
// (the floor: no accumulation beyond content, no error handling) and the official `openai` client.
// Every contender reads the same bytes through a Fetch Response body. Run: pnpm --filter @using-ai/bench bench:sse

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createClient } from '@using-ai/core';
import { createParser } from 'eventsource-parser';
import OpenAI from 'openai';

const CHUNKS = 10_000;
const WARMUP = 3;
const ROUNDS = Number(process.env.ROUNDS ?? 21);

/** A small deterministic PRNG so every run splits the bytes the same way. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'The',
  ' quick',
  ' brown',
  ' fox',
  ' jumps',
  ' over',
  ' the',
  ' lazy',
  ' dog',
  '.',
  ' Héllo',
  ' 世界',
  ' 👋',
  '\n',
];

function buildStream(): { pieces: Uint8Array[]; expected: string; bytes: number } {
  const random = mulberry32(42);
  const base = {
    id: 'chatcmpl-bench',
    object: 'chat.completion.chunk',
    created: 1_750_000_000,
    model: 'haiku-4.5-agentic',
  };
  let text = '';
  let expected = '';
  for (let i = 0; i < CHUNKS; i++) {
    const content = WORDS[Math.floor(random() * WORDS.length)] as string;
    expected += content;
    const delta = i === 0 ? { role: 'assistant', content } : { content };
    text += `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: null }] })}\n\n`;
  }
  text += `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }] })}\n\n`;
  text += `data: ${JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: 20, completion_tokens: CHUNKS, total_tokens: CHUNKS + 20 } })}\n\n`;
  text += 'data: [DONE]\n\n';
  const all = new TextEncoder().encode(text);
  // Network reads of 16 B to 4 KiB, cutting through events and multi-byte characters alike.
  const pieces: Uint8Array[] = [];
  for (let start = 0; start < all.length; ) {
    const size = 16 + Math.floor(random() * 4080);
    pieces.push(all.subarray(start, start + size));
    start += size;
  }
  return { pieces, expected, bytes: all.length };
}

const { pieces, expected, bytes } = buildStream();

function response(): Response {
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const piece = pieces[index++];
      if (piece) controller.enqueue(piece);
      else controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

const request = { model: 'haiku-4.5-agentic', messages: [{ role: 'user' as const, content: 'Go' }] };

async function bareParser(): Promise<string> {
  const reader = (response().body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let content = '';
  const parser = createParser({
    onEvent(event) {
      if (event.data === '[DONE]') return;
      content += JSON.parse(event.data).choices[0]?.delta?.content ?? '';
    },
  });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  return content;
}

const openai = new OpenAI({
  apiKey: 'sk-bench',
  baseURL: 'http://bench.invalid/v1',
  fetch: async () => response(),
});
async function openaiClient(): Promise<string> {
  const stream = await openai.chat.completions.create({ ...request, stream: true });
  let content = '';
  for await (const chunk of stream) content += chunk.choices[0]?.delta?.content ?? '';
  return content;
}

const ours = createClient({ baseURL: 'http://bench.invalid', fetch: async () => response() });
async function oursFinal(): Promise<string> {
  return (await ours.stream(request).final()).content;
}
async function oursIterated(): Promise<string> {
  const stream = ours.stream(request);
  for await (const _chunk of stream) {
    // Consuming every chunk the way a UI loop would; the message accumulates inside the stream.
  }
  return stream.current.content;
}

const contenders: Array<[string, () => Promise<string>]> = [
  ['(a) eventsource-parser + JSON.parse', bareParser],
  ['(b) openai client stream', openaiClient],
  ['(c) @using-ai/core stream.final()', oursFinal],
  ['(c) @using-ai/core for await', oursIterated],
];

const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

for (const [name, run] of contenders) {
  const content = await run();
  if (content !== expected) throw new Error(`${name} decoded different content`);
  for (let i = 1; i < WARMUP; i++) await run();
}

const times = new Map<string, number[]>(contenders.map(([name]) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  // Rotate the order each round so no contender always runs on a cold or hot heap.
  for (let i = 0; i < contenders.length; i++) {
    const [name, run] = contenders[(i + round) % contenders.length] as [string, () => Promise<string>];
    const start = performance.now();
    await run();
    times.get(name)?.push(performance.now() - start);
  }
}

const medians = new Map([...times].map(([name, values]) => [name, median(values)]));
console.log(
  `SSE throughput: ${CHUNKS} chunks, ${(bytes / 1024).toFixed(0)} KiB in ${pieces.length} network reads; median of ${ROUNDS} rounds (Node ${process.versions.node})\n`,
);
console.log(`${'contender'.padEnd(38)}${'median ms'.padStart(10)}${'chunks/s'.padStart(12)}`);
for (const [name, ms] of medians) {
  console.log(
    `${name.padEnd(38)}${ms.toFixed(1).padStart(10)}${Math.round((CHUNKS / ms) * 1000)
      .toLocaleString('en')
      .padStart(12)}`,
  );
}
const a = medians.get('(a) eventsource-parser + JSON.parse') as number;
const b = medians.get('(b) openai client stream') as number;
console.log('');
for (const name of ['(c) @using-ai/core stream.final()', '(c) @using-ai/core for await']) {
  const c = medians.get(name) as number;
  console.log(
    `${name}: ${(a / c).toFixed(2)}x (a) [target >= 0.90]   ${(b / c).toFixed(2)}x (b) [target >= 1.50]`,
  );
}

// Retained memory: what each reader still holds once the stream is done, per 10k chunks (heap after a
// full GC, minus the heap before the run). A ChatStream keeps its chunks for late iterators; the bare
// loop keeps only the text, and "every parsed chunk" is what the ChatStream kept before chunk-log.ts.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/**
 * Reads the accumulated text once, which makes V8 flatten it: text built by `+=` is a rope of one node per
 * delta (about 32 bytes each) until something reads it (rendering, JSON, a search), and whether a run's text
 * was still a rope moved the bare loop's figure between 0.05 and 0.33 MB. Flat on both sides, the comparison
 * is the text itself against what a ChatStream keeps beside it.
 */
function flatten(kept: unknown): void {
  const texts =
    typeof kept === 'string'
      ? [kept]
      : kept !== null && typeof kept === 'object' && 'current' in kept
        ? [
            (kept as { current: { content: string; reasoning: string } }).current.content,
            (kept as { current: { reasoning: string } }).current.reasoning,
          ]
        : [];
  for (const text of texts) text.indexOf('\u0000');
}
/** Streams held at once per sample: a flat 10k-chunk text is about 0.05 MB, within the heap's noise alone. */
const HELD = 20;
async function retainedBytes(run: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  let kept: unknown[] = [];
  for (let i = 0; i < 5; i++) {
    // The previous sample's results must be garbage before this one's baseline.
    // (Awaiting something else too: a suspended async function holds its last awaited value.)
    kept = [];
    await null;
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let j = 0; j < HELD; j++) {
      const result = await run();
      flatten(result);
      kept.push(result);
    }
    await null;
    gc();
    samples.push((process.memoryUsage().heapUsed - before) / HELD);
  }
  if (kept.length === samples.length) console.log('');
  return median(samples);
}
async function everyParsedChunk(): Promise<unknown[]> {
  const reader = (response().body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const kept: unknown[] = [];
  const parser = createParser({
    onEvent(event) {
      if (event.data !== '[DONE]') kept.push(JSON.parse(event.data));
    },
  });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  return kept;
}
const memory: Array<[string, () => Promise<unknown>]> = [
  ['(a) eventsource-parser + JSON.parse', bareParser],
  ['(a) + every parsed chunk (old replay)', everyParsedChunk],
  [
    '(c) @using-ai/core ChatStream, done',
    async () => {
      const stream = ours.stream(request);
      await stream.final();
      return stream;
    },
  ],
];
console.log(
  `\nRetained after the stream, per ${CHUNKS.toLocaleString('en')} chunks (${HELD} held at once, median of 5, after GC, texts flattened):`,
);
const loopBytes = await retainedBytes(bareParser);
for (const [name, run] of memory) {
  const retained = name.startsWith('(a) eventsource') ? loopBytes : await retainedBytes(run);
  const ratio = (retained / loopBytes).toFixed(2);
  console.log(`${name.padEnd(40)}${(retained / 1e6).toFixed(2).padStart(8)} MB  ${ratio}x (a)`);
}
console.log('target: (c) <= 2.00x (a)');
