// Folding chunks into a message is a pure function so that the stream, the chat store, tests and
// users can all replay the same chunks and get the same message.
import type { AssistantMessage } from './client-types';
import type { ChatCompletion, ChatCompletionChunk, ToolCall, ToolCallDelta } from './types';

/** The message before the first chunk. */
export function emptyAssistantMessage(): AssistantMessage {
  return {
    role: 'assistant',
    content: '',
    reasoning: '',
    toolCalls: [],
    finishReason: null,
    usage: null,
    id: null,
    model: null,
  };
}

function mergeToolCalls(calls: ToolCall[], deltas: ToolCallDelta[]): ToolCall[] {
  const merged = calls.slice();
  for (const delta of deltas) {
    // Fragments name their call by `index`; id and name come with the first fragment only.
    // Calls copied by the caller lose the hidden index; their position is the best guess then.
    const position = merged.findIndex((call, i) => ((call as IndexedToolCall)[INDEX] ?? i) === delta.index);
    const previous = position >= 0 ? merged[position] : undefined;
    const next: IndexedToolCall = {
      id: previous?.id || delta.id || '',
      type: 'function',
      function: {
        name: previous?.function.name || delta.function?.name || '',
        arguments: (previous?.function.arguments ?? '') + (delta.function?.arguments ?? ''),
      },
    };
    Object.defineProperty(next, INDEX, { value: delta.index });
    if (previous) merged[position] = next;
    else merged.push(next);
  }
  return merged;
}

// The wire index of each call, kept off the enumerable shape so messages stay plain ToolCall objects.
const INDEX = Symbol('index');
type IndexedToolCall = ToolCall & { [INDEX]?: number };

/**
 * Returns a new message with `chunk` applied: `delta.content` appended, reasoning from
 * `delta.reasoning_content` or `delta.reasoning`, `tool_calls` merged by `index` (arguments
 * concatenated), `finish_reason` and `usage` kept once seen. Unknown fields are ignored; only
 * choice 0 is read. The input message is never mutated.
 */
export function accumulate(message: AssistantMessage, chunk: ChatCompletionChunk): AssistantMessage {
  const next = { ...message };
  if (chunk.id) next.id = chunk.id;
  if (chunk.model) next.model = chunk.model;
  if (chunk.usage) next.usage = chunk.usage;
  const choice = chunk.choices?.find((c) => (c.index ?? 0) === 0);
  if (!choice) return next;
  const delta = choice.delta;
  if (delta) {
    if (typeof delta.content === 'string') next.content += delta.content;
    const reasoning = delta.reasoning_content ?? delta.reasoning;
    if (typeof reasoning === 'string') next.reasoning += reasoning;
    if (Array.isArray(delta.tool_calls) && delta.tool_calls.length > 0) {
      next.toolCalls = mergeToolCalls(message.toolCalls, delta.tool_calls);
    }
  }
  if (choice.finish_reason) next.finishReason = choice.finish_reason;
  return next;
}

/** The first choice of a non-streaming completion, in the same shape a stream accumulates to. */
export function messageFromCompletion(completion: ChatCompletion): AssistantMessage {
  const choice = completion.choices?.[0];
  const message = choice?.message;
  const reasoning =
    message?.reasoning_content ?? (message as { reasoning?: string | null } | undefined)?.reasoning;
  return {
    role: 'assistant',
    content: message?.content ?? '',
    reasoning: reasoning ?? '',
    toolCalls: message?.tool_calls ?? [],
    finishReason: choice?.finish_reason ?? null,
    usage: completion.usage ?? null,
    id: completion.id ?? null,
    model: completion.model ?? null,
  };
}
