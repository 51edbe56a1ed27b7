// Partial-object parsing of a 50 KB JSON answer streamed in 10-byte pieces: after every piece the reader
// wants the object so far. Compares @using-ai/core's incremental parser (each character read once) with the
// AI SDK's parsePartialJson (repairs and re-parses the whole text so far, per piece) and, as the floor,
// JSON.parse of the whole text once. Run: pnpm --filter @using-ai/bench bench:partial-json (after `pnpm build`).
import { createPartialJsonParser } from '@using-ai/core/object';
import { parsePartialJson } from 'ai';

const TARGET_BYTES = 50_000;
const PIECE = 10;

/** A trip-planner-like answer: nested arrays and objects, strings with escapes and unicode, numbers. */
function buildText(): string {
  const days: unknown[] = [];
  let text = '';
  for (let i = 0; text.length < TARGET_BYTES; i++) {
    days.push({
      day: i + 1,
      city: ['Lisbon', 'Porto', 'Sintra', 'Évora'][i % 4],
      budget: { amount: 120.5 + i, currency: 'EUR' },
      activities: [
        { name: `Museum visit #${i}`, note: 'Tickets "skip the line" — book ahead\nOpens 10:00', hours: 2.5 },
        { name: 'Lunch', note: 'Try the bacalhau 🐟 and pastéis', hours: 1 },
        { name: 'Walk', note: 'Alfama → Baixa, about 3 km', hours: 1.75, accessible: i % 2 === 0 },
      ],
      tags: ['culture', 'food', i % 3 === 0 ? 'outdoor' : 'indoor'],
    });
    text = JSON.stringify({ title: 'A week in Portugal', summary: 'Seven days, three cities.', days });
  }
  return text;
}

function pieces(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += PIECE) out.push(text.slice(i, i + PIECE));
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function measure(name: string, rounds: number, run: () => unknown | Promise<unknown>): Promise<number> {
  await run(); // warm-up
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  const ms = median(times);
  console.log(`${name.padEnd(44)} ${ms.toFixed(2).padStart(10)} ms  (median of ${rounds})`);
  return ms;
}

const text = buildText();
const parts = pieces(text);
const expected = JSON.parse(text);
console.log(`JSON answer: ${text.length} characters in ${parts.length} pieces of ${PIECE}\n`);

const floor = await measure('JSON.parse of the whole text once', 21, () => JSON.parse(text));

let ours: unknown;
const usingAi = await measure('@using-ai/core partial parser, every piece', 11, () => {
  const parser = createPartialJsonParser();
  for (const part of parts) {
    parser.push(part);
    ours = parser.partial;
  }
  parser.end();
  ours = parser.partial;
});

let theirs: unknown;
const aiSdk = await measure("ai's parsePartialJson, every piece", 3, async () => {
  let sofar = '';
  for (const part of parts) {
    sofar += part;
    theirs = (await parsePartialJson(sofar)).value;
  }
});

if (
  JSON.stringify(ours) !== JSON.stringify(expected) ||
  JSON.stringify(theirs) !== JSON.stringify(expected)
) {
  throw new Error('a parser did not end with the whole object');
}
console.log(`\nours / JSON.parse once:        ${(usingAi / floor).toFixed(1)}x`);
console.log(`parsePartialJson / ours:       ${(aiSdk / usingAi).toFixed(1)}x`);
console.log(`parsePartialJson / JSON.parse: ${(aiSdk / floor).toFixed(1)}x`);
