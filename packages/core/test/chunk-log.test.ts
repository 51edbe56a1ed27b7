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
});
