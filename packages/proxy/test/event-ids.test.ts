// createEventIdStream: `id: n` in front of every SSE event, n = 1, 2, 3…, and not one other byte changed,
// whatever the line endings and however the bytes are split (also inside a multi-byte character).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEventIdStream } from '../src/resume/event-ids';

const encoder = new TextEncoder();

async function run(pieces: Uint8Array[], onEvent?: (id: number, event: string) => void): Promise<string> {
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  });
  const out = source.pipeThrough(createEventIdStream({ onEvent }));
  return new Response(out).text();
}

function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((x, y) => x - y);
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    pieces.push(bytes.subarray(start, point));
    start = point;
  }
  return pieces;
}

describe('createEventIdStream', () => {
  it('numbers each event, [DONE] included, and records it as forwarded', async () => {
    const events: Array<[number, string]> = [];
    const text = 'data: {"a":1}\n\n: keep-alive\n\ndata: {"b":2}\r\n\r\ndata: [DONE]\n\n';
    const out = await run([encoder.encode(text)], (id, event) => events.push([id, event]));
    expect(out).toBe(
      'id: 1\ndata: {"a":1}\n\n: keep-alive\n\nid: 2\ndata: {"b":2}\r\n\r\nid: 3\ndata: [DONE]\n\n',
    );
    expect(events).toEqual([
      [1, 'id: 1\ndata: {"a":1}\n\n'],
      [2, 'id: 2\ndata: {"b":2}\r\n\r\n'],
      [3, 'id: 3\ndata: [DONE]\n\n'],
    ]);
  });

  it('property: removing the id lines gives back the input bytes exactly, for any split', async () => {
    const newline = fc.constantFrom('\n', '\r\n', '\r');
    const line = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => `data: ${s.replace(/[\r\n]/g, ' ')}`),
      fc.constant('event: x'),
      fc.constant(': comment'),
    );
    const block = fc
      .tuple(fc.array(line, { minLength: 1, maxLength: 3 }), newline)
      .map(([lines, nl]) => `${lines.join(nl)}${nl}${nl}`);
    await fc.assert(
      fc.asyncProperty(
        fc.array(block, { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        async (blocks, cuts) => {
          const text = blocks.join('');
          const bytes = encoder.encode(text);
          const ids: number[] = [];
          const out = await run(split(bytes, cuts), (id) => ids.push(id));
          // The ids are 1..n in order, one per block that is not only comments.
          const expected = blocks.filter(
            (b) => !b.split(/\r\n|\r|\n/).every((l) => l === '' || l.startsWith(':')),
          );
          expect(ids).toEqual(expected.map((_, i) => i + 1));
          expect(out.replace(/id: \d+\n/g, '')).toBe(text);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('passes a trailing event without its blank line through, numbered', async () => {
    expect(await run([encoder.encode('data: a\n\ndata: b')])).toBe('id: 1\ndata: a\n\nid: 2\ndata: b');
  });
});
