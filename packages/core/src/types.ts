// The using.ai API's wire shapes (OpenAI-compatible), defined once for every package in the repo:
// the client, the proxy and the emulator all speak these types.

/** The documented models, suggested by editors; any other string is accepted too. */
export type KnownModelId =
  | 'haiku-4.5-agentic'
  | 'deepseek-r2'
  | 'sonnet-4.5-thinking'
  | 'opus-4.5'
  // `string & {}` keeps autocompletion of the literals above while allowing any id.
  | (string & {});

/** A model id: one of the documented ones (suggested by editors) or any other string. */
export type ModelId = KnownModelId;

/** Subscription tiers; a key is scoped to one. */
export type Tier = 'standard' | 'donator' | 'supermaxes';

/** What a model does beyond plain chat. */
export type ModelKind = 'chat' | 'thinking' | 'agentic';

import type { ChatMessage, ToolCall } from './wire-messages';

// Messages: wire-messages.ts (re-exported here, so every import of ./types keeps working).
export type {
  AssistantRequestMessage,
  ChatMessage,
  ChatRole,
  ContentPart,
  DeveloperMessage,
  ImageContentPart,
  SystemMessage,
  TextContentPart,
  ToolCall,
  ToolMessage,
  UserMessage,
} from './wire-messages';

// ---------------------------------------------------------------------------------------------------
// Request

/** A JSON Schema object, as used for tool parameters and structured output. */
export type JsonSchema = { [key: string]: JsonValue };
/** Any value JSON can represent. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A tool the model may call: a name, a description and JSON Schema parameters. */
export interface FunctionTool {
  type: 'function';
  function: {
    name: string;
    description?: string;
    parameters?: JsonSchema;
    strict?: boolean;
  };
}

/** Whether the model must, may or must not call a tool, or which one. */
export type ToolChoice = 'none' | 'auto' | 'required' | { type: 'function'; function: { name: string } };

/** Plain text, any JSON object, or JSON that follows a schema (structured output). */
export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      json_schema: { name: string; schema?: JsonSchema; strict?: boolean; description?: string };
    };

/** Options of a streaming request. */
export interface StreamOptions {
  /** Ask for a final chunk with `choices: []` and `usage`. */
  include_usage?: boolean;
}

/** Optional parameters may also be `null` (meaning "the default"), as the OpenAI types allow. */
export interface ChatCompletionRequest {
  model: ModelId;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: StreamOptions | null;
  temperature?: number | null;
  top_p?: number | null;
  max_tokens?: number | null;
  /** Newer OpenAI name for `max_tokens`. */
  max_completion_tokens?: number | null;
  stop?: string | string[] | null;
  presence_penalty?: number | null;
  frequency_penalty?: number | null;
  seed?: number | null;
  n?: number | null;
  user?: string;
  tools?: FunctionTool[];
  tool_choice?: ToolChoice;
  parallel_tool_calls?: boolean | null;
  response_format?: ResponseFormat;
  reasoning_effort?: 'low' | 'medium' | 'high';
}

// ---------------------------------------------------------------------------------------------------
// Responses

/** Why the model stopped: a natural end, the token limit, tool calls, or a content filter. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

/** Token counts of one completion. */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  completion_tokens_details?: { reasoning_tokens?: number };
  prompt_tokens_details?: { cached_tokens?: number };
}

/** The model's answer in a non-streaming response. */
export interface AssistantResponseMessage {
  role: 'assistant';
  content: string | null;
  reasoning_content?: string | null;
  tool_calls?: ToolCall[];
  refusal?: string | null;
}

/** One answer of a non-streaming response (the API always sends one). */
export interface ChatCompletionChoice {
  index: number;
  message: AssistantResponseMessage;
  finish_reason: FinishReason | null;
  logprobs?: null;
}

/** A non-streaming response body. */
export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: ChatCompletionChoice[];
  usage?: Usage;
  system_fingerprint?: string;
}

/** A piece of a tool call in a stream: `index` says which call, the strings are appended. */
export interface ToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

/** What one stream chunk adds to the answer. */
export interface ChunkDelta {
  role?: 'assistant';
  content?: string | null;
  /** DeepSeek-style reasoning text. */
  reasoning_content?: string | null;
  /** OpenRouter-style reasoning text; accepted as an alias of `reasoning_content`. */
  reasoning?: string | null;
  tool_calls?: ToolCallDelta[];
  refusal?: string | null;
}

/** One answer's piece in a stream chunk. */
export interface ChunkChoice {
  index: number;
  delta: ChunkDelta;
  finish_reason: FinishReason | null;
  logprobs?: null;
}

/** One `data:` event of a streaming response. */
export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  /** Empty on the final usage chunk (`stream_options.include_usage`). */
  choices: ChunkChoice[];
  usage?: Usage | null;
  system_fingerprint?: string;
}

// ---------------------------------------------------------------------------------------------------
// Models endpoint

/** One model of `GET /v1/models`, with using.ai's `tier` and `kind`. */
export interface ModelInfo {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
  /** using.ai extension: the lowest tier whose keys may call this model. */
  tier: Tier;
  /** using.ai extension: chat, thinking (streams reasoning) or agentic (calls tools). */
  kind: ModelKind;
  /** using.ai extension: a human-readable name. */
  name?: string;
  context_window?: number;
}

/** The body of `GET /v1/models`. */
export interface ModelList {
  object: 'list';
  data: ModelInfo[];
}

// ---------------------------------------------------------------------------------------------------
// Errors

/** Error `type`s the API and this toolkit's proxy send. Unknown strings are allowed. */
export type ApiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'tier_forbidden'
  | 'permission_denied'
  | 'not_found'
  | 'method_not_allowed'
  | 'request_too_large'
  | 'rate_limit_exceeded'
  | 'server_error'
  | 'upstream_error'
  | 'model_not_allowed'
  | 'client_rate_limited'
  | 'upstream_unreachable'
  | 'upstream_timeout'
  | (string & {});

/** The body of every error response: `{"error":{"type","message"}}`. */
export interface ApiErrorBody {
  error: {
    type: ApiErrorType;
    message: string;
    /** Optional extras some errors carry (e.g. the offending parameter or required tier). */
    param?: string | null;
    code?: string | null;
    required_tier?: Tier;
  };
}

/** Rate-limit state from `X-RateLimit-Limit/Remaining/Reset`. */
export interface RateLimitInfo {
  limit: number;
  remaining: number;
  /** When the window resets, epoch milliseconds. */
  resetAt: number;
}
