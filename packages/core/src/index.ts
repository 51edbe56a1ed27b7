/**
 * The framework-free client: `createClient`, typed requests, chunks and errors, retries, rate limits, and the chat session the React hooks bind to.
 *
 * @module \@using-ai/core
 */
export { accumulate, emptyAssistantMessage, messageFromCompletion } from './accumulate';
// The chat session and its types; the registry and notifier for framework bindings are in ./chat-entry
// (`@using-ai/core/chat`).
export { createChatSession } from './chat';
export type * from './chat/types';
export { createClient } from './client';
export { DEFAULT_IDLE_TIMEOUT_MS } from './client-context';
export type * from './client-types';
export { createApiError } from './create-api-error';
export type { UsingAiErrorInit } from './errors';
export {
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  NotFoundError,
  RateLimitError,
  RequestTooLargeError,
  ServerError,
  StreamInterruptedError,
  TierForbiddenError,
  TimeoutError,
  UsingAiError,
} from './errors';
// Structured output, also at `@using-ai/core/object`.
export * from './object';
// Also at `@using-ai/core/persistence`; unused ones cost nothing (the package has no side effects).
export * from './persistence';
export type { RateLimitTracker } from './rate-limit';
export { createRateLimitTracker, parseRateLimit } from './rate-limit';
export { backoffDelay, parseRetryAfter } from './retry-delay';
export type * from './types';
