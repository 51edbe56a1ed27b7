/**
 * The framework-free client: `createClient`, typed requests, chunks and errors, retries, rate limits, and the chat session the React hooks bind to.
 *
 * @module \@using-ai/core
 */
export { accumulate, emptyAssistantMessage, messageFromCompletion } from './accumulate';
// The chat session store (./chat) is exported below.
export * from './chat';
export { createClient } from './client';
export type * from './client-types';
export { createApiError } from './create-api-error';
export { createErrorBody, isApiErrorBody } from './error-body';
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
export type { RateLimitTracker } from './rate-limit';
export { createRateLimitTracker, parseRateLimit } from './rate-limit';
export { backoffDelay, parseRetryAfter } from './retry-delay';
export type * from './types';
