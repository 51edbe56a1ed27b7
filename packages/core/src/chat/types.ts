// The chat session's public shapes. Wire shapes (requests, usage, tool calls) come from ../types;
// these are the UI-facing messages a chat renders and the options a session is created with.
import type { HeadersInput, RetryEvent, UsingAiClient } from '../client-types';
import type { UsingAiError } from '../errors';
import type { ValidatorWithJsonSchema } from '../object/object-schema';
import type { StandardSchemaV1 } from '../object/standard-schema';
import type { ChatCompletionRequest, ContentPart, JsonSchema, RateLimitInfo, Usage } from '../types';
import type { ChatSessionMessage, ChatToolCall } from './message-types';
import type { ChatPersistence } from './persistence-types';

export type { ChatSessionMessage, ChatToolCall, ToolApproval, ToolCallState } from './message-types';

/**
 * - `loading`: the chat is being read from its `persistence` (until the first subscribe has loaded it).
 * - `idle`: nothing in flight (also while waiting for `addToolResult`).
 * - `submitted`: a request is on its way, no token yet.
 * - `streaming`: tokens are arriving, or tools of the answer are running.
 * - `waiting`: the client is waiting before a retry or for the rate-limit window (see `retry`).
 * - `awaiting-approval`: a tool call waits for `approveToolCall` (its tool has `needsApproval`).
 * - `error`: the last request failed (see `error`); the partial answer, if any, is kept.
 */
export type ChatStatus =
  | 'loading'
  | 'idle'
  | 'submitted'
  | 'streaming'
  | 'waiting'
  | 'awaiting-approval'
  | 'error';

/** A message's alternatives (itself included) in creation order, and its index among them. */
export interface ChatBranches {
  ids: string[];
  /** `-1` when the message is not in the chat. */
  index: number;
}

/** What a queued `send` will send: a user message that is not in `messages` yet. */
export type QueuedMessage = ChatSessionMessage;

/** What `initialMessages`, `setMessages` and `send(message)` accept: anything but `role` and `content` is optional. */
export type ChatMessageInput = Partial<Omit<ChatSessionMessage, 'role' | 'content'>> & {
  role: ChatSessionMessage['role'];
  content: string | ContentPart[];
};

/** What a tool's `execute` (and `onToolCall`) receives beside the arguments. */
export interface ChatToolContext {
  /** Aborted when the chat is stopped, reset, or its last subscriber leaves. */
  signal: AbortSignal;
  /** The call being run. */
  toolCall: ChatToolCall;
}

/**
 * Decides from the (validated) arguments whether a call needs the user's approval. Written as a method
 * so that a tool typed for its own arguments still fits `Record<string, ChatTool>`.
 */
export type ToolApprovalRule<TArgs> = {
  /** `true` when this call must wait for the user's approval. */
  bivarianceHack(args: TArgs): boolean | Promise<boolean>;
}['bivarianceHack'];

/**
 * A tool the model may call. Without `execute`, the chat waits for `addToolResult`.
 * `parameters` is a JSON Schema, or a Standard Schema validator (zod 4, valibot, arktype...) in one of the
 * forms `streamObject` takes: then the JSON Schema sent to the model comes from it, and the arguments are
 * validated before anything runs (invalid ones go back to the model as an error result it can correct).
 */
export interface ChatTool<TArgs = Record<string, unknown>> {
  description?: string;
  /** JSON Schema of the arguments object, or a Standard Schema (see above). */
  parameters?: JsonSchema | StandardSchemaV1<unknown, TArgs> | ValidatorWithJsonSchema<TArgs>;
  /**
   * Pause the agent loop before running a call until `approveToolCall(callId, approved, reason?)`:
   * `true`, or a function of the call's (validated) arguments. A denial is sent back as the tool's result.
   */
  needsApproval?: boolean | ToolApprovalRule<TArgs>;
  /** Runs the tool; its return value (or what its promise resolves to) is sent back to the model as JSON. */
  execute?(args: TArgs, context: ChatToolContext): unknown;
}

/** Request fields sent with every request of the session (the session sets `messages`, `stream`, `tools`). */
export type ChatRequestParams = Partial<
  Omit<ChatCompletionRequest, 'messages' | 'stream' | 'stream_options' | 'tools'>
>;

/** Per-send overrides: request fields for every step of this send, and extra headers. */
export interface SendOptions extends ChatRequestParams {
  system?: string;
  headers?: HeadersInput;
}

/** `'frame'`: notify at most once per animation frame; a number: at most once per that many ms; `false`: at once. */
export type Throttle = 'frame' | number | false;

/** Runs `flush` later. Swap it to control when subscribers hear about streamed tokens (tests, benchmarks). */
export type NotifyScheduler = (flush: () => void) => void;

export interface ChatSessionOptions extends ChatRequestParams {
  /** Sessions acquired with the same id (and client) are one session. */
  id?: string;
  initialMessages?: ChatMessageInput[];
  /** Sent as the first `system` message of every request; not stored in `messages`. */
  system?: string;
  tools?: Record<string, ChatTool>;
  /** Most model requests per `send` in the agent loop (the first included). Default 5. */
  maxSteps?: number;
  /** Called for every tool call; a value other than `undefined` (or a promise of one) is its result. */
  onToolCall?: (toolCall: ChatToolCall, context: ChatToolContext) => unknown;
  /** Called when an answer is complete (also when stopped), with that assistant message. */
  onFinish?: (message: ChatSessionMessage, messages: ChatSessionMessage[]) => void;
  /** Called when a request fails (after the retries); the error is also in the snapshot's `error`. */
  onError?: (error: UsingAiError) => void;
  /** Called before each retry wait (also shown in the snapshot's `retry`). */
  onRetry?: (event: RetryEvent) => void;
  /** How often subscribers are notified while streaming. Default `'frame'`. */
  throttle?: Throttle;
  /** Replaces the scheduler `throttle` picks. */
  scheduler?: NotifyScheduler;
  /**
   * Where the chat is loaded from (at the first subscribe) and saved to (when a step settles, at most about
   * once a second while streaming, and on `pagehide`). Needs `id`. See `localStoragePersistence()`,
   * `indexedDbPersistence()`, `memoryPersistence()` in `@using-ai/core/persistence`.
   */
  persistence?: ChatPersistence;
  /**
   * Keeps this chat the same in every tab of the origin (BroadcastChannel, keyed by `id`): messages, status
   * and the streaming answer. One request per send, whichever tab sends. Needs `id`.
   */
  sync?: boolean;
  /**
   * What `send` does while the chat is busy: `'refuse'` (default) resolves `false`; `'queue'` adds the message
   * to `queued` and sends it after the answers before it settle.
   */
  whileBusy?: 'refuse' | 'queue';
}

/** The retry the chat is waiting for, for a countdown. */
export interface ChatRetryState {
  attempt: number;
  /** When the wait ends, epoch milliseconds (for a countdown). */
  at: number;
  reason: RetryEvent['reason'];
  error: UsingAiError;
}

/** Token usage of the chat. */
export interface ChatUsage {
  /** Usage of the latest assistant message that has one. */
  last: Usage | null;
  /** Sum over the messages currently in the chat. */
  total: Usage;
}

/** Everything a chat renders; a new object after every change, the same object otherwise. */
export interface ChatSnapshot {
  messages: ChatSessionMessage[];
  status: ChatStatus;
  error: UsingAiError | null;
  rateLimit: RateLimitInfo | null;
  retry: ChatRetryState | null;
  usage: ChatUsage;
  /** `true` (with `status: 'loading'`) until the chat has been read from its `persistence`. */
  loading: boolean;
  /** Messages sent while busy with `whileBusy: 'queue'`, oldest first; each goes out when the chat is idle. */
  queued: QueuedMessage[];
}

/** What `setMessages` takes: the new messages, or a function of the current ones. */
export type MessagesUpdate = ChatMessageInput[] | ((messages: ChatSessionMessage[]) => ChatMessageInput[]);

/** A chat: its state (`getSnapshot`, `subscribe`) and its actions. Bound to React by `useStreamingChat`. */
export interface ChatSession {
  readonly id: string;
  readonly client: UsingAiClient;
  /** The current state; the same object until something changes. */
  getSnapshot(): ChatSnapshot;
  /** The state the session was created with (for server rendering and hydration). */
  getInitialSnapshot(): ChatSnapshot;
  /** The last unsubscribe stops what is in flight (after the current task, so a resubscribe keeps it). */
  subscribe(listener: () => void): () => void;
  /**
   * Changes options (request params, tools, callbacks) for what follows. Keys present in `options` replace
   * the session's (also when `undefined`); keys left out keep their value. `id` and `initialMessages` are ignored.
   */
  setOptions(options: ChatSessionOptions): void;
  /**
   * Appends a user message and streams the answer (running tools up to `maxSteps`).
   * Refused while busy (`submitted`, `streaming`, `waiting`, or tool results outstanding): resolves `false`
   * and changes nothing. Otherwise resolves `true` when the answer settles (it never rejects; see `error`).
   */
  send(message: string | ChatMessageInput, options?: SendOptions): Promise<boolean>;
  /**
   * Stops the request and running tools; keeps the partial answer with `finishReason: 'aborted'`. Tool calls
   * still pending or running (also while paused for `addToolResult`) become `state: 'error'`, `error: 'Stopped'`.
   */
  stop(): void;
  /** Stops what is in flight, drops the answer to that user turn and asks again. */
  regenerate(messageId?: string, options?: SendOptions): Promise<boolean>;
  /** Stops what is in flight, replaces a user message's content, drops what followed and resends. */
  edit(messageId: string, content: string | ContentPart[], options?: SendOptions): Promise<boolean>;
  /** Replaces the messages with a list, or with what a function of the current ones returns. */
  setMessages(update: MessagesUpdate): void;
  /** Stops what is in flight and empties the chat. */
  reset(): void;
  /** Clears `error`, and an `error` status becomes `idle`; messages are kept. */
  clearError(): void;
  /** Gives a tool call its result; when none is outstanding any more, the agent loop continues. */
  addToolResult(toolCallId: string, result: unknown): Promise<boolean>;
  /**
   * Answers a call in state `awaiting-approval`: approved, it runs; denied, the model gets an error result
   * saying so (with `reason`), and the loop goes on. Returns `false` when no such call is waiting.
   */
  approveToolCall(toolCallId: string, approved: boolean, reason?: string): boolean;
  /** The message's alternatives (edits of a user message, regenerations of an answer), itself included. */
  branchesOf(messageId: string): ChatBranches;
  /**
   * Makes the branch through `messageId` active: `messages` becomes the path to it, then down its latest
   * answers to a leaf. Stops what is in flight first. `false` when the message is not in the chat.
   */
  selectBranch(messageId: string): boolean;
  /** Empties `queued`; the promises of those sends resolve `false`. */
  clearQueue(): void;
}
