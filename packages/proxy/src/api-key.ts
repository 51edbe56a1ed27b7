// Where the key comes from. The handler must run on edge runtimes too, so `process.env` is read only
// where a `process` global exists.
import { ProxyConfigError } from './config-error';
import type { ApiKeySource } from './options';

const MISSING =
  'No using.ai API key: set the USING_AI_KEY environment variable or pass createProxy({ apiKey }).';

export function envApiKey(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.USING_AI_KEY;
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * A function returning the key for each request. Throws ProxyConfigError now (at start-up) when there
 * is no key, or when a key function returns none on its first call.
 */
export function resolveApiKey(source: ApiKeySource | undefined): () => string {
  if (typeof source === 'function') {
    const first = safeCall(source);
    if (first === '') throw new ProxyConfigError(`${MISSING} (the apiKey function returned no key)`);
    return () => safeCall(source);
  }
  const key = (source ?? envApiKey())?.trim();
  if (key === undefined || key === '') throw new ProxyConfigError(MISSING);
  return () => key;
}

function safeCall(source: () => string): string {
  const value = source();
  return typeof value === 'string' ? value.trim() : '';
}
