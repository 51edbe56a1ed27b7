// Folding chunks into a message is a pure function so that the stream, the chat store, tests and
// users can all replay the same chunks and get the same message.
import type { AssistantMessage } from './client-types';
import type { ChatCompletion, ChatCompletionChunk, ToolCall } from './types';

// The wire index of each tool call, kept off the enumerable shape so messages stay plain ToolCalls.
const INDEX = Symbol('index');
type IndexedToolCall = ToolCall & { [INDEX]?: number };

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

/**
 * Returns a new message with `chunk` applied: `delta.content` appended, reasoning from
 * `delta.reasoning_content` or `delta.reasoning`, `tool_calls` merged by `index` (id and name from
 * the first fragment, arguments concatenated), `finish_reason`, `usage`, `id` and `model` kept once
 * seen. Unknown fields are ignored; only choice 0 is read. The input message is never mutated.
 */
export function accumulate(message: AssistantMessage, chunk: ChatCompletionChunk): AssistantMessage {
  // Choice 0 comes first in practice; `find` is only the fallback for n > 1 streams.
  const first = chunk.choices?.[0];
  const choice = first && !first.index ? first : chunk.choices?.find((c) => !c.index);
  const delta = choice?.delta ?? {};
  let toolCalls = message.toolCalls;
  if (delta.tool_calls?.length) {
    toolCalls = toolCalls.slice();
    for (const fragment of delta.tool_calls) {
      // Calls copied by the caller lose the hidden index; their position is the best guess then.
      const at = toolCalls.findIndex((call, i) => ((call as IndexedToolCall)[INDEX] ?? i) === fragment.index);
      const previous = toolCalls[at];
      const next: IndexedToolCall = {
        id: previous?.id || fragment.id || '',
        type: 'function',
        function: {
          name: previous?.function.name || fragment.function?.name || '',
          arguments: (previous?.function.arguments ?? '') + (fragment.function?.arguments ?? ''),
        },
      };
      Object.defineProperty(next, INDEX, { value: fragment.index });
      toolCalls[at < 0 ? toolCalls.length : at] = next;
    }
  }
  // A literal with every field rather than `{ ...message }`: the hot path of every stream, and spreading
  // measured ~25x slower than this (bench/sse-throughput).
  const reasoningDelta = delta.reasoning_content ?? delta.reasoning;
  return {
    role: 'assistant',
    content: delta.content ? message.content + delta.content : message.content,
    reasoning: reasoningDelta ? message.reasoning + reasoningDelta : message.reasoning,
    toolCalls,
    finishReason: choice?.finish_reason || message.finishReason,
    usage: chunk.usage || message.usage,
    id: chunk.id || message.id,
    model: chunk.model || message.model,
  };
}

/** The first choice of a non-streaming completion, in the same shape a stream accumulates to. */
export function messageFromCompletion(completion: ChatCompletion): AssistantMessage {
  const choice = completion.choices?.[0];
  return accumulate(emptyAssistantMessage(), {
    ...completion,
    object: 'chat.completion.chunk',
    choices: choice ? [{ ...choice, delta: choice.message }] : [],
  } as ChatCompletionChunk);
}
