import { type AssistantMessage, accumulate, emptyAssistantMessage, UsingAiError } from '@using-ai/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createChunkDecoder } from '../src/sse-decoder';
import { chunk, helloChunks } from './support/chunks';

interface Decoded {
  message: AssistantMessage;
  chunks: number;
  done: boolean;
  error: UsingAiError | null;
}

/** Decodes `pieces` in order, then closes, the way the stream does. */
function decode(pieces: Array<Uint8Array | string>): Decoded {
  const result: Decoded = { message: emptyAssistantMessage(), chunks: 0, done: false, error: null };
  const decoder = createChunkDecoder({
    onChunk(c) {
      result.message = accumulate(result.message, c);
      result.chunks++;
    },
    onDone() {
      result.done = true;
    },
    onError(error) {
      result.error = error;
    },
  });
  for (const piece of pieces) decoder.push(piece);
  decoder.end();
  return result;
}

const bytes = (text: string) => new TextEncoder().encode(text);
const data = (value: object) => `data: ${JSON.stringify(value)}`;

/** The same hello stream in many SSE dialects; every one must give the same message. */
const helloText = helloChunks().map((c) => data(c));
const corpus: Record<string, string> = {
  'LF separators': `${helloText.join('\n\n')}\n\ndata: [DONE]\n\n`,
  'CRLF separators': `${helloText.join('\r\n\r\n')}\r\n\r\ndata: [DONE]\r\n\r\n`,
  'CR separators': `${helloText.join('\r\r')}\r\rdata: [DONE]\r\r`,
  'mixed separators': `${helloText.map((t, i) => t + ['\n\n', '\r\n\r\n', '\r\r', '\n\r\n'][i % 4]).join('')}data: [DONE]\n\n`,
  'comments and keep-alives': `: ping\n\n${helloText.join('\n\n: keep-alive\n\n')}\n\n:\n\ndata: [DONE]\n\n`,
  'event, id and retry fields': `${helloText.map((t, i) => `id: ${i}\nevent: message\nretry: 1000\n${t}\n\n`).join('')}data: [DONE]\n\n`,
  'no space after data:': `${helloText.map((t) => t.replace('data: ', 'data:')).join('\n\n')}\n\ndata:[DONE]\n\n`,
  'UTF-8 byte order mark': `\uFEFF${helloText.join('\n\n')}\n\ndata: [DONE]\n\n`,
  'last event without its blank line': `${helloText.join('\n\n')}\n\ndata: [DONE]`,
  'last event with one newline': `${helloText.join('\n\n')}\n\ndata: [DONE]\n`,
  'unknown fields are ignored': `${helloText.join('\nfoo: bar\n\n')}\n\ndata: [DONE]\n\n`,
  'bytes after [DONE] are ignored': `${helloText.join('\n\n')}\n\ndata: [DONE]\n\ndata: not json\n\n`,
};

describe('createChunkDecoder', () => {
  const expected = decode([corpus['LF separators'] as string]);

  it('decodes the reference stream', () => {
    expect(expected.done).toBe(true);
    expect(expected.error).toBeNull();
    expect(expected.chunks).toBe(helloChunks().length);
    expect(expected.message.content).toBe('Héllo 👋 wörld — 你好');
  });

  for (const [name, text] of Object.entries(corpus)) {
    it(`handles ${name}`, () => {
      expect(decode([bytes(text)])).toEqual(expected);
    });
  }

  it('joins multi-line data with a newline before parsing', () => {
    const pretty = JSON.stringify(chunk({ content: 'multi' }), null, 2)
      .split('\n')
      .map((line) => `data: ${line}`)
      .join('\n');
    const result = decode([`${pretty}\n\ndata: [DONE]\n\n`]);
    expect(result.message.content).toBe('multi');
    expect(result.done).toBe(true);
  });

  it('reports a stream that ends without [DONE] by leaving done false', () => {
    const result = decode([`${helloText.join('\n\n')}\n\n`]);
    expect(result.done).toBe(false);
    expect(result.error).toBeNull();
    expect(result.message.content).toBe('Héllo 👋 wörld — 你好');
  });

  it('stops at a chunk that is not JSON, keeping what came before', () => {
    const result = decode([
      `${data(chunk({ content: 'kept' }))}\n\ndata: {"broken\n\n${data(chunk({ content: 'lost' }))}\n\n`,
    ]);
    expect(result.message.content).toBe('kept');
    expect(result.error).toBeInstanceOf(UsingAiError);
    expect(result.error?.type).toBe('invalid_chunk');
  });

  it('treats JSON that is not an object as an invalid chunk', () => {
    expect(decode(['data: 42\n\n']).error?.type).toBe('invalid_chunk');
    expect(decode(['data: null\n\n']).error?.type).toBe('invalid_chunk');
  });

  it('stops at an {"error":...} event with the error of its type', () => {
    const result = decode([
      `${data(chunk({ content: 'partial' }))}\n\n`,
      'data: {"error":{"type":"rate_limit_exceeded","message":"slow down"}}\n\n',
    ]);
    expect(result.message.content).toBe('partial');
    expect(result.error?.name).toBe('RateLimitError');
    expect(result.error?.status).toBe(429);
    expect(result.error?.message).toBe('slow down');
    const upstream = decode(['event: error\ndata: {"error":{"type":"upstream_error","message":"boom"}}\n\n']);
    expect(upstream.error?.name).toBe('ServerError');
  });

  it('property: any split of the bytes, also inside multi-byte characters, gives the same result', () => {
    for (const [, text] of Object.entries(corpus)) {
      const all = bytes(text);
      const reference = decode([all]);
      fc.assert(
        fc.property(
          fc.uniqueArray(fc.integer({ min: 1, max: all.length - 1 }), { maxLength: 40 }),
          (cuts) => {
            const sorted = [...cuts].sort((a, b) => a - b);
            const pieces: Uint8Array[] = [];
            let start = 0;
            for (const cut of [...sorted, all.length]) {
              pieces.push(all.slice(start, cut));
              start = cut;
            }
            expect(decode(pieces)).toEqual(reference);
          },
        ),
        { numRuns: 60 },
      );
    }
  });

  it('property: one byte at a time gives the same result for arbitrary unicode content', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 12 }), { maxLength: 12 }), (parts) => {
        const text = `${parts.map((p) => data(chunk({ content: p }))).join('\n\n')}\n\ndata: [DONE]\n\n`;
        const all = bytes(text);
        const split = decode(Array.from(all, (b) => Uint8Array.of(b)));
        expect(split.message.content).toBe(parts.join(''));
        expect(split).toEqual(decode([all]));
      }),
      { numRuns: 40 },
    );
  });
});
