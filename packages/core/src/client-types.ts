// The public contract of the core client. Implementations live in client.ts, chat-stream.ts etc.;
// the React binding and the chat session store are written against these interfaces only.
import type { AssistantMessage } from './assistant-message';
import type { UsingAiError } from './errors';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionRequest,
  ModelList,
  RateLimitInfo,
} from './types';

export type { AssistantMessage };

/**
 * Headers in any form `new Headers(init)` takes: a `Headers`, a plain object or `[name, value]` pairs.
 * Ours rather than the DOM's `HeadersInit` so the published types also check in a Node-only project
 * (`lib: ["ES2022"]`, `types: ["node"]`), where that name does not exist; a `HeadersInit` value fits it.
 */
export type HeadersInput = Headers | Record<string, string> | [string, string][];

/** The client's `headers` option: fixed headers, or a function awaited before every attempt. */
export type HeadersOption = HeadersInput | (() => HeadersInput | Promise<HeadersInput>);

/** Backoff of retries without a server hint: exponential with full jitter. */
export interface RetryDelayOptions {
  /** First backoff ceiling; attempt n waits a random time in [0, min(maxMs, baseMs * 2^(n-1))]. Default 500. */
  baseMs?: number;
  /** Longest single backoff. Default 8000. */
  maxMs?: number;
}

/** Options of `createClient`; all optional. */
export interface ClientOptions {
  /** Where the app's proxy is mounted. Default `/api/using-ai`. Requests go to `${baseURL}/chat/completions`. */
  baseURL?: string;
  /** A Fetch implementation. Default `globalThis.fetch`, looked up at call time. */
  fetch?: typeof fetch;
  /** Extra headers for the app's own auth; a function is awaited before every attempt. */
  headers?: HeadersOption;
  /** Retries after the first attempt for 429, 5xx and connection errors. Default 2. */
  maxRetries?: number;
  retryDelay?: RetryDelayOptions;
  /** A 429 (or a known-exhausted window) whose reset is further away than this fails at once. Default 60_000. */
  maxRetryWaitMs?: number;
  /** Longest wait for response headers, per attempt. Default: none. */
  timeoutMs?: number;
  /**
   * Longest silence while reading a stream (any bytes, keep-alive comments included, reset the clock).
   * Default 60 000 (`DEFAULT_IDLE_TIMEOUT_MS`, nginx's read timeout); `0` or `Infinity` = no limit.
   */
  idleTimeoutMs?: number;
  /** Wait for the window to reset instead of sending a request known to get a 429. Default true. */
  waitForRateLimit?: boolean;
}

/** Why the client is waiting before an attempt. */
export interface RetryEvent {
  /** The attempt about to be made after the wait (1 = first retry). 0 for a pre-emptive rate-limit wait. */
  attempt: number;
  delayMs: number;
  /** The error that caused the retry; for a pre-emptive wait, a RateLimitError that was never sent. */
  error: UsingAiError;
  /**
   * `'resume'`: a durable stream (one with a `streamId`) lost its connection and the client is about to
   * reconnect to it after its last event; nothing is lost or repeated. `'retry'`: the request is sent again.
   */
  reason: 'retry' | 'rate-limit-wait' | 'resume';
}

/** Options of `client.resumeStream`. */
export interface ResumeStreamOptions extends RequestOptions {
  /**
   * The `lastEventId` of what the caller already has: only later events are replayed. Default: none, so the
   * stream is replayed from its first event (and `.current` is the whole message).
   */
  lastEventId?: string | null;
}

/** Per-request options of `complete`, `stream` and `models`. */
export interface RequestOptions {
  signal?: AbortSignal;
  /** Called before each wait (retry backoff or rate-limit wait). */
  onRetry?: (event: RetryEvent) => void;
  /** Extra headers for this request only. */
  headers?: HeadersInput;
}

/** What `client.complete` resolves with. */
export interface ChatCompletionResult {
  completion: ChatCompletion;
  /** `completion.choices[0]` as an AssistantMessage. */
  message: AssistantMessage;
  rateLimit: RateLimitInfo | null;
  status: number;
  headers: Headers;
}

/** A streaming completion: iterate its chunks, or read `current` at any time, or await `final()`. */
export interface ChatStream extends AsyncIterable<ChatCompletionChunk> {
  /** The message accumulated so far; valid at any time, also after abort or failure. */
  readonly current: AssistantMessage;
  /** Resolves with the whole message (or the partial one marked `aborted`); rejects with a UsingAiError. */
  final(): Promise<AssistantMessage>;
  /** Latest rate-limit info from the response headers. */
  readonly rateLimit: RateLimitInfo | null;
  /** HTTP status of the response being streamed, once headers have arrived. */
  readonly status: number | null;
  /**
   * The id the proxy gave this stream (`X-Stream-Id`), or `null` when it gave none (then a lost connection
   * ends the stream as before). With an id, a lost connection is resumed, `abort()` also stops the stream on
   * the proxy (DELETE), and `client.resumeStream(streamId)` attaches to it from elsewhere (a reload, a tab).
   */
  readonly streamId: string | null;
  /** The SSE `id:` of the last event received (`[DONE]` included), or `null` before any had one. */
  readonly lastEventId: string | null;
  /**
   * Stops the request; `.current` keeps what arrived and `.final()` resolves with `finishReason: 'aborted'`.
   * A stream with a `streamId` is also stopped on the proxy (`DELETE …/chat/completions/{streamId}`).
   */
  abort(): void;
  /** Called after every chunk is accumulated, with the new message. Returns an unsubscribe function. */
  subscribe(listener: (message: AssistantMessage, chunk: ChatCompletionChunk) => void): () => void;
}

/** A client of your proxy, made by `createClient`. */
export interface UsingAiClient {
  /** One completion without streaming (`stream` is removed from the body); rejects with a UsingAiError. */
  complete(request: ChatCompletionRequest, options?: RequestOptions): Promise<ChatCompletionResult>;
  /** A streaming completion; starts at once. */
  stream(request: ChatCompletionRequest, options?: RequestOptions): ChatStream;
  /**
   * Attaches to a durable stream the proxy is running or kept (`GET …/chat/completions/{streamId}`): the
   * events after `options.lastEventId` (all of them by default), then the live ones to the end. An unknown or
   * expired id rejects `.final()` with a NotFoundError.
   */
  resumeStream(streamId: string, options?: ResumeStreamOptions): ChatStream;
  /** `GET ${baseURL}/models`. */
  models(options?: RequestOptions): Promise<ModelList>;
  /** The latest rate-limit info seen on any response. */
  readonly rateLimit: RateLimitInfo | null;
  /** Calls `listener` with every new rate-limit info; returns an unsubscribe function. */
  subscribeRateLimit(listener: (info: RateLimitInfo) => void): () => void;
}
