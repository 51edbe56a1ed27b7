// The public options and callback shapes of createProxy. Wire shapes (requests, usage, models) come
// from @using-ai/core; this file only describes how the proxy is configured.
import type { ChatCompletionRequest, ModelInfo, Usage } from '@using-ai/core';
import type { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { ResumeOptions } from './resume/options';
import type { UpstreamClient } from './upstream-client';

/** The key, or a function returning it (read on every request, e.g. to switch tiers at runtime). */
export type ApiKeySource = string | (() => string);

/**
 * What `authorize(request)` may return (or resolve to):
 * - `true`: allow; the client id is the connection's address (Node adapter) or `'anonymous'`.
 * - a non-empty `string` or `{ clientId }`: allow, and rate-limit/meter under that id.
 * - `false`, `null` or `undefined`: deny with 401 `authentication_error`.
 * - a `Response`: deny with exactly that response (e.g. your own 403 or a redirect).
 */
export type AuthorizeResult = boolean | string | { clientId: string } | Response | null | undefined;

/** Decides who may use the proxy, from the incoming request (see `AuthorizeResult`). */
export type Authorize = (request: Request) => AuthorizeResult | Promise<AuthorizeResult>;

/** Anything that can consume points for a key: a rate-limiter-flexible limiter, or your own. */
export interface PointConsumer {
  /** Takes `points` (default 1) for `key`; rejects when the key has none left. */
  consume(key: string, points?: number): Promise<RateLimiterRes>;
}

/**
 * A Redis client rate-limiter-flexible can drive (ioredis is tested). The proxy never creates one: pass
 * your own, so every instance of your app shares the counters.
 */
export type RedisStoreClient = object;

/** The proxy's own per-client rate limit. */
export interface RateLimitOptions {
  /** Requests each client may make per window. */
  points: number;
  /** The window, in seconds. */
  durationSec: number;
  /**
   * Where the counters live. Default `'memory'` (one process). Pass an ioredis client to share the
   * limit between instances (RateLimiterRedis), or a ready limiter (anything with `consume(key)`, e.g. a
   * `RateLimiterRedis` built with `useRedisPackage: true` for node-redis); then `points`/`durationSec`
   * are only used for the `X-RateLimit-Limit` header.
   */
  store?: 'memory' | RedisStoreClient | PointConsumer | RateLimiterAbstract;
  /** Prefix of the store's keys. Default `'using-ai-proxy'`. */
  keyPrefix?: string;
  /**
   * Where the one line per store outage goes ("unavailable ..." when it fails, "back ..." when it answers
   * again). Default `console.warn`.
   */
  log?: (line: string) => void;
}

/** A model `GET {base}/models` lists when `allowedModels` is set: an id, or an id with metadata. */
export type AllowedModel = string | ({ id: string } & Partial<Omit<ModelInfo, 'id'>>);

/** What `GET {base}/models` answers from `allowedModels`: the id plus whatever metadata you gave. */
export type ProxyModelInfo = Pick<ModelInfo, 'id' | 'object' | 'created' | 'owned_by'> &
  Partial<Omit<ModelInfo, 'id' | 'object' | 'created' | 'owned_by'>>;

/** What `onUsage` receives once per completion. */
export interface UsageEvent {
  /** The id `authorize` named, else the connection address, else `'anonymous'`. */
  clientId: string;
  /** The model of the request as sent upstream. */
  model: string;
  usage: Usage;
}

/** The body as parsed and validated; `transformRequest` may return any JSON object to send upstream. */
export type TransformRequest = (
  body: ChatCompletionRequest,
  request: Request,
) => ChatCompletionRequest | Promise<ChatCompletionRequest>;

/** Options of `createProxy`; all optional (the key comes from `USING_AI_KEY` by default). */
export interface ProxyOptions {
  /** The using.ai key. Default `process.env.USING_AI_KEY` (when `process` exists). Missing = throws now. */
  apiKey?: ApiKeySource;
  /**
   * Origin of the API. Default `process.env.USING_AI_UPSTREAM` when set, else `https://api.using.ai`.
   * Requests go to `${upstream}/v1/chat/completions` and `${upstream}/v1/models`.
   */
  upstream?: string;
  /**
   * Where the handler is mounted, e.g. `'/api/using-ai'`: only `${basePath}/chat/completions` and
   * `${basePath}/models` are served. Default: any path ending in `/chat/completions` or `/models`
   * (so the handler works wherever it is mounted).
   */
  basePath?: string;
  /** Models clients may use; others get 403 `model_not_allowed`. Default: any model. */
  allowedModels?: readonly AllowedModel[];
  /** Largest request body, counted while reading. Default 1 MB (1_048_576 bytes). */
  maxBodyBytes?: number;
  /**
   * Request-body bytes held at once across all requests (each body reserves its Content-Length, or
   * `maxBodyBytes` without one, while it is read); over it, 503 `server_error` with `Retry-After: 1`.
   * Default: no cap for `createProxy`; 64 MB (67_108_864) in `startProxyServer` and the CLI.
   */
  maxBodyBytesInFlight?: number;
  /** Cap on `max_tokens` / `max_completion_tokens`. Default: none. */
  maxTokens?: number;
  /** Over the cap: `'reject'` (400, default) or `'clamp'` to the cap. A missing value is set to the cap. */
  maxTokensMode?: 'reject' | 'clamp';
  /** The app's own auth. Default: everyone is allowed. */
  authorize?: Authorize;
  /** Per-client rate limit. Default: none. */
  rateLimit?: RateLimitOptions;
  /** Rewrites the validated body before it goes upstream (e.g. force a system prompt). */
  transformRequest?: TransformRequest;
  /** Called once per completion with the usage upstream reported. Errors it throws are ignored. */
  onUsage?: (event: UsageEvent) => void | Promise<void>;
  /** Longest wait for upstream's response headers, in ms. Default 120_000. */
  timeoutMs?: number;
  /**
   * Longest upstream silence after its response headers, in ms (as nginx's `proxy_read_timeout`). A stream
   * then ends with an SSE error event `{"error":{"type":"upstream_timeout",...}}` (a JSON answer with
   * that error body if nothing was sent yet, else the connection is cut) and the upstream call is dropped.
   * Default 60_000.
   */
  upstreamIdleTimeoutMs?: number;
  /** Longest time to receive the whole request body, in ms (slow-body guard). Default 10_000. */
  bodyTimeoutMs?: number;
  /** Origins allowed to call the proxy cross-origin (`'*'` = any, without credentials). Default: none. */
  cors?: readonly string[];
  /**
   * Durable streams: every streamed completion gets an `X-Stream-Id` and numbered events, can be resumed
   * with `GET {base}/chat/completions/{streamId}` (+ `Last-Event-ID`) and stopped with `DELETE` on the same
   * URL, and runs on when its client disconnects (until `abandonAfterMs` without a reader). Default: on,
   * in memory. `false` turns it off (a client that disconnects cancels upstream, as before).
   */
  resume?: ResumeOptions | false;
  /** A Fetch implementation for upstream calls. Default `globalThis.fetch`, looked up per request. */
  fetch?: typeof fetch;
  /**
   * What makes the upstream calls, instead of `fetch` (give one or the other). On Node, `undiciUpstream()`
   * from `@using-ai/proxy/node` (undici's `request`; what `startProxyServer`, the CLI and the Vite plugin use
   * unless `fetch` is given) costs about a third of fetch's CPU per upstream call. Default: `fetch`.
   */
  upstreamClient?: UpstreamClient;
}

/** Extra facts an adapter knows about the request (the Fetch `Request` cannot carry them). */
export interface ProxyContext {
  /** The peer's address; the default client id for rate limiting when `authorize` names none. */
  clientAddress?: string;
}

/** The handler createProxy returns: a Fetch-standard `Request -> Response` function. */
export type ProxyHandler = (request: Request, context?: ProxyContext) => Promise<Response>;
