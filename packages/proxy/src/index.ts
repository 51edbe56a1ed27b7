/**
 * The key-holding proxy as one Fetch handler (`createProxy`), and `toNodeHandler` for node:http and Express.
 *
 * @module \@using-ai/proxy
 */
// The runtime-neutral entry: the Fetch handler and everything it needs. toNodeHandler is here too
// because it imports no Node built-ins at runtime (see node-handler.ts); '@using-ai/proxy/node' has
// the same function plus the Node-only helpers.
export { ProxyConfigError } from './config-error';
export {
  createProxy,
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_UPSTREAM_IDLE_TIMEOUT_MS,
} from './create-proxy';
export { REDACTED } from './key-scrubber';
export type { FetchHandler, NodeHandler, NodeRequestLike, NodeResponseLike } from './node-handler';
export { toNodeHandler } from './node-handler';
export type {
  AllowedModel,
  ApiKeySource,
  Authorize,
  AuthorizeResult,
  PointConsumer,
  ProxyContext,
  ProxyHandler,
  ProxyModelInfo,
  ProxyOptions,
  RateLimitOptions,
  RedisStoreClient,
  TransformRequest,
  UsageEvent,
} from './options';
export { createMemoryResumeStore, type MemoryStoreOptions } from './resume/memory-store';
export { DEFAULT_ABANDON_AFTER_MS, type ResumeOptions } from './resume/options';
export { createRedisResumeStore, type RedisStoreOptions } from './resume/redis-store';
export type { ResumeRetention, ResumeStore, StreamInfo } from './resume/store';
export {
  fetchUpstream,
  type UpstreamBody,
  type UpstreamChunk,
  type UpstreamClient,
  type UpstreamRequest,
  type UpstreamResponse,
} from './upstream-client';
export { DEFAULT_UPSTREAM } from './upstream-url';
