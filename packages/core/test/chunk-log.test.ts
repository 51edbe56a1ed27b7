// The compact replay log: every chunk read back equals the chunk that was pushed, whatever the mix of
// text deltas, reasoning, tool calls, finish and usage chunks, and it stores text deltas as offsets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accumulate, emptyAssistantMessage } from '../src/accumulate';
import { createChunkLog } from '../src/chunk-log';
import type { ChatCompletionChunk, ChunkDelta } from '../src/types';

const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk' as const, created: 1, model: 'm' };
const chunkOf = (delta: ChunkDelta, extra: object = {}): ChatCompletionChunk => ({
  ...base,
  choices: [{ index: 0, delta, finish_reason: null, ...extra }],
});

const text = fc.string({ unit: 'grapheme', maxLength: 6 });
const anyChunk = fc.oneof(
  { weight: 6, arbitrary: text.map((content) => chunkOf({ content })) },
  { weight: 2, arbitrary: text.map((reasoning_content) => chunkOf({ reasoning_content })) },
  { weight: 1, arbitrary: text.map((reasoning) => chunkOf({ reasoning })) },
  { weight: 1, arbitrary: text.map((content) => chunkOf({ content }, { logprobs: null })) },
  { weight: 1, arbitrary: text.map((content) => ({ ...chunkOf({ content }), model: 'other' })) },
  { weight: 1, arbitrary: text.map((content) => chunkOf({ role: 'assistant', content })) },
  {
    weight: 1,
    arbitrary: text.map((args) =>
      chunkOf({ tool_calls: [{ index: 0, id: 'c', function: { name: 'f', arguments: args } }] }),
    ),
  },
  { weight: 1, arbitrary: fc.constant(chunkOf({}, { finish_reason: 'stop' })) },
  {
    weight: 1,
    arbitrary: fc.constant({
      ...base,
      choices: [],
      usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
    } as ChatCompletionChunk),
  },
);

describe('createChunkLog', () => {
  it('property: every chunk reads back equal to the one pushed, at any time', () => {
    fc.assert(
      fc.property(fc.array(anyChunk, { minLength: 70, maxLength: 200 }), (chunks) => {
        const log = createChunkLog();
        let message = emptyAssistantMessage();
        const pushed: ChatCompletionChunk[] = [];
        for (const chunk of chunks) {
          const before = message;
          message = accumulate(message, chunk);
          // A copy: the log must not depend on the caller keeping the object intact.
          log.push(structuredClone(chunk), before, message);
          pushed.push(chunk);
          // Reading back mid-stream, against the message so far, gives the same chunks.
          const at = Math.floor(pushed.length / 3);
          expect(log.get(at, message)).toEqual(pushed[at]);
        }
        expect(log.length).toBe(chunks.length);
        for (let i = 0; i < chunks.length; i++) expect(log.get(i, message)).toEqual(chunks[i]);
      }),
      { numRuns: 100 },
    );
  });

  it('property: long runs, deltas of any length, and reading back after the stream ended', () => {
    // Runs longer than the checkpoint step (64), deltas past the one-byte length (255), tool calls between.
    const longText = fc.string({ unit: 'grapheme', minLength: 250, maxLength: 600 });
    const content = fc.oneof(
      { weight: 10, arbitrary: text.map((content) => chunkOf({ content })) },
      { weight: 1, arbitrary: longText.map((content) => chunkOf({ content })) },
    );
    const breaker = fc.oneof(
      longText.map((reasoning_content) => chunkOf({ reasoning_content })),
      text.map((args) =>
        chunkOf({ tool_calls: [{ index: 0, id: 'c', function: { name: 'f', arguments: args } }] }),
      ),
    );
    const segments = fc.array(fc.tuple(fc.array(content, { maxLength: 300, size: 'max' }), breaker), {
      minLength: 1,
      maxLength: 4,
    });
    fc.assert(
      fc.property(segments, (parts) => {
        const chunks = parts.flatMap(([run, end]) => [...run, end]);
        const log = createChunkLog();
        let message = emptyAssistantMessage();
        for (const chunk of chunks) {
          const before = message;
          message = accumulate(message, chunk);
          log.push(structuredClone(chunk), before, message);
        }
        log.end();
        for (let i = 0; i < chunks.length; i++) expect(log.get(i, message)).toEqual(chunks[i]);
      }),
      { numRuns: 40, endOnFailure: true },
    );
  });

  it('keeps a 10,000-chunk text stream as one run: two bytes a chunk, no chunk objects once it ended', () => {
    const log = createChunkLog();
    let message = emptyAssistantMessage();
    const chunks: ChatCompletionChunk[] = [];
    for (let i = 0; i < 10_000; i++) {
      const chunk = chunkOf({ content: i === 5_000 ? 'x'.repeat(300) : ` w${i % 7}` });
      const before = message;
      message = accumulate(message, chunk);
      log.push(chunk, before, message);
      chunks.push(chunk);
    }
    log.end();
    // Rebuilt, so equal and not the same objects; the middle one (300 characters) included.
    for (const i of [0, 63, 64, 65, 4_999, 5_000, 5_001, 9_935, 9_999]) {
      expect(log.get(i, message)).toEqual(chunks[i]);
      expect(log.get(i, message)).not.toBe(chunks[i]);
    }
  });
});
