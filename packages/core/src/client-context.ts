import type { ClientOptions } from './client-types';
import { createRateLimitTracker, type RateLimitTracker } from './rate-limit';

/** ClientOptions with every default applied, plus the state a client shares across its requests. */
export interface ClientContext extends Omit<ClientOptions, 'baseURL' | 'maxRetries' | 'maxRetryWaitMs'> {
  baseURL: string;
  maxRetries: number;
  maxRetryWaitMs: number;
  rateLimit: RateLimitTracker;
}

export function createClientContext(options: ClientOptions = {}): ClientContext {
  return {
    ...options,
    baseURL: (options.baseURL ?? '/api/using-ai').replace(/\/+$/, ''),
    maxRetries: options.maxRetries ?? 2,
    maxRetryWaitMs: options.maxRetryWaitMs ?? 60_000,
    rateLimit: createRateLimitTracker(),
  };
}
