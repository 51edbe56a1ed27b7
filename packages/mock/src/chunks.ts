// The streaming view of a plan: the exact sequence of `chat.completion.chunk` objects, in order.
import type { ChatCompletionChunk, ChunkDelta } from '@using-ai/core';
import { SYSTEM_FINGERPRINT } from './completion-body';
import type { CompletionPlan } from './plan';

/** Splits tool-call arguments into several pieces (at least two when possible), like real models do. */
export function splitArguments(text: string): string[] {
  if (text.length < 2) return [text];
  const size = Math.max(1, Math.min(12, Math.ceil(text.length / 3)));
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}

export function planChunks(plan: CompletionPlan, includeUsage: boolean): ChatCompletionChunk[] {
  const chunk = (delta: ChunkDelta, finish: ChatCompletionChunk['choices'][number]['finish_reason'] = null) =>
    ({
      id: plan.id,
      object: 'chat.completion.chunk',
      created: plan.created,
      model: plan.model,
      system_fingerprint: SYSTEM_FINGERPRINT,
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
      // As OpenAI: with include_usage, every chunk carries `usage`, null until the last one.
      ...(includeUsage && { usage: null }),
    }) satisfies ChatCompletionChunk;

  // A pure tool-call answer opens with `content: null` (and `refusal: null`), like OpenAI's.
  const toolsOnly = plan.toolCalls.length > 0 && plan.content.length === 0 && plan.reasoning.length === 0;
  const chunks: ChatCompletionChunk[] = [
    chunk(
      toolsOnly ? { role: 'assistant', content: null, refusal: null } : { role: 'assistant', content: '' },
    ),
  ];
  for (const token of plan.reasoning) chunks.push(chunk({ reasoning_content: token }));
  for (const token of plan.content) chunks.push(chunk({ content: token }));
  plan.toolCalls.forEach((call, index) => {
    chunks.push(
      chunk({
        tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }],
      }),
    );
    for (const piece of splitArguments(call.arguments)) {
      chunks.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
  });
  chunks.push(chunk({}, plan.finishReason));
  if (includeUsage) {
    chunks.push({
      id: plan.id,
      object: 'chat.completion.chunk',
      created: plan.created,
      model: plan.model,
      system_fingerprint: SYSTEM_FINGERPRINT,
      choices: [],
      usage: plan.usage,
    });
  }
  return chunks;
}
