// The message a chat renders and stores, on its own so the stored shapes (persistence-types.ts) and the
// session's options (types.ts) can both use it without importing each other.
import type { ContentPart, FinishReason, ToolCall, Usage } from '../types';

/**
 * - `streaming`: the model is still writing the arguments.
 * - `pending`: complete; waiting for `execute` or `addToolResult`.
 * - `awaiting-approval`: complete and valid; waiting for `approveToolCall` (`args` hold what it would run with).
 * - `running`: `execute` (or `onToolCall`) is running.
 * - `done`: `result` is set. `error`: the tool threw, its arguments broke its schema, the user denied it
 *   (see `approval`) or it was stopped; `error` holds the message sent back to the model.
 */
export type ToolCallState = 'streaming' | 'pending' | 'awaiting-approval' | 'running' | 'done' | 'error';

/** The user's answer to a call that needed approval. */
export interface ToolApproval {
  approved: boolean;
  /** Why (sent back to the model with a denial). */
  reason?: string;
}

/** A tool call of an assistant message, with its result once there is one. */
export interface ChatToolCall extends ToolCall {
  state: ToolCallState;
  /** `function.arguments` parsed as JSON once complete; `undefined` while streaming or if invalid. */
  args: unknown;
  /** What `execute`, `onToolCall` or `addToolResult` returned. Sent back as text (JSON unless a string). */
  result?: unknown;
  /** Why the tool failed; sent back to the model as `{"error": "<message>"}`. */
  error?: string;
  /** The user's decision, for a call whose tool has `needsApproval`. */
  approval?: ToolApproval;
}

/** A message as the chat shows it. Tool results live on the assistant message's `toolCalls`. */
export interface ChatSessionMessage {
  id: string;
  role: 'system' | 'user' | 'assistant';
  /** Text. For a user message sent as content parts, the text parts joined. */
  content: string;
  /** The original content parts (text and images) of a multimodal user message. */
  parts?: ContentPart[];
  /** Reasoning text streamed by thinking models (`''` when none). */
  reasoning: string;
  toolCalls: ChatToolCall[];
  /** Token usage of this answer (assistant messages, once the usage chunk arrived). */
  usage: Usage | null;
  /** `null` while streaming or when the stream broke; `'aborted'` when stopped. */
  finishReason: FinishReason | 'aborted' | null;
  /** The model that wrote this answer, as the API reported it. */
  model?: string | null;
  /**
   * The message this one follows in the tree of branches (`null` for the first message). Set by the
   * session from the order of `messages`; edits and regenerations add siblings with the same parent.
   */
  parentId?: string | null;
  /**
   * An assistant message cut off before its end (a reload or a closed tab in the middle of the stream):
   * no `finishReason`, and nothing streams into it any more. Set when a chat is loaded or a branch selected.
   */
  incomplete?: boolean;
  /**
   * The proxy's id of the durable stream this answer comes from (`X-Stream-Id`), set while it streams. A
   * session created with a last assistant message that has one and no `finishReason` reattaches to the
   * stream on its first subscribe (a reload or a second tab in the middle of an answer).
   */
  streamId?: string;
}
