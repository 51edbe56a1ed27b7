// Realistic chunks as the API sends them, for tests that need a stream.
import type { ChatCompletionChunk, ChunkDelta, FinishReason, Usage } from '@using-ai/core';

export function chunk(delta: ChunkDelta, finishReason: FinishReason | null = null): ChatCompletionChunk {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: 'haiku-4.5-agentic',
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
}

export const usage: Usage = {
  prompt_tokens: 12,
  completion_tokens: 7,
  total_tokens: 19,
  completion_tokens_details: { reasoning_tokens: 3 },
};

export function usageChunk(): ChatCompletionChunk {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: 'haiku-4.5-agentic',
    choices: [],
    usage,
  };
}

/** A short answer with reasoning, unicode content, a finish reason and a usage chunk. */
export function helloChunks(): ChatCompletionChunk[] {
  return [
    chunk({ role: 'assistant', content: '' }),
    chunk({ reasoning_content: 'User wants ' }),
    chunk({ reasoning: 'a greeting.' }),
    chunk({ content: 'Hé' }),
    chunk({ content: 'llo 👋 ' }),
    chunk({ content: 'wörld — 你好' }),
    chunk({}, 'stop'),
    usageChunk(),
  ];
}
