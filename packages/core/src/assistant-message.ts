// The message a stream accumulates. Its own module because both the client's contract (client-types.ts)
// and the errors (errors.ts, StreamInterruptedError.partial) need it, and they must not import each other.
import type { FinishReason, ToolCall, Usage } from './types';

/**
 * The assistant message accumulated from a stream (or read from a completion).
 * `finishReason` is `'aborted'` when the caller stopped the stream, `null` while streaming or when the
 * stream was interrupted before the API sent one.
 */
export interface AssistantMessage {
  role: 'assistant';
  content: string;
  reasoning: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason | 'aborted' | null;
  usage: Usage | null;
  /** The completion id and model the API reported, once known. */
  id: string | null;
  model: string | null;
}
