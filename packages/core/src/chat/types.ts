// The chat session's public shapes. Wire shapes (requests, usage, tool calls) come from ../types;
// these are the UI-facing messages a chat renders and the options a session is created with.
import type { HeadersInput, RetryEvent, UsingAiClient } from '../client-types';
import type { UsingAiError } from '../errors';
import type {
  ChatCompletionRequest,
  ContentPart,
  FinishReason,
  JsonSchema,
  RateLimitInfo,
  ToolCall,
  Usage,
} from '../types';

/**
 * - `idle`: nothing in flight (also while waiting for `addToolResult`).
 * - `submitted`: a request is on its way, no token yet.
 * - `streaming`: tokens are arriving, or tools of the answer are running.
 * - `waiting`: the client is waiting before a retry or for the rate-limit window (see `retry`).
 * - `error`: the last request failed (see `error`); the partial answer, if any, is kept.
 */
export type ChatStatus = 'idle' | 'submitted' | 'streaming' | 'waiting' | 'error';

/**
 * - `streaming`: the model is still writing the arguments.
 * - `pending`: complete; waiting for `execute` or `addToolResult`.
 * - `running`: `execute` (or `onToolCall`) is running.
 * - `done`: `result` is set. `error`: the tool threw (or was stopped); `error` holds the message.
 */
export type ToolCallState = 'streaming' | 'pending' | 'running' | 'done' | 'error';

/** A tool call of an assistant message, with its result once there is one. */
export interface ChatToolCall extends ToolCall {
  state: ToolCallState;
  /** `function.arguments` parsed as JSON once complete; `undefined` while streaming or if invalid. */
  args: unknown;
  /** What `execute`, `onToolCall` or `addToolResult` returned. Sent back as text (JSON unless a string). */
  result?: unknown;
  /** Why the tool failed; sent back to the model as `{"error": "<message>"}`. */
  error?: string;
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
}

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

/** A tool the model may call. Without `execute`, the chat waits for `addToolResult`. */
export interface ChatTool<TArgs = Record<string, unknown>> {
  description?: string;
  /** JSON Schema of the arguments object. */
  parameters?: JsonSchema;
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
}
