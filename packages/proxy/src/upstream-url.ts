// The upstream is fixed at start-up; request data never reaches these URLs.
import { ProxyConfigError } from './config-error';

/** The API's origin, used when neither `upstream` nor `USING_AI_UPSTREAM` is set. */
export const DEFAULT_UPSTREAM = 'https://api.using.ai';

export interface UpstreamUrls {
  origin: string;
  chat: string;
  models: string;
}

/** `USING_AI_UPSTREAM` when a `process` global has it (Node), else the public API. */
export function defaultUpstream(): string {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.USING_AI_UPSTREAM?.trim();
  return value ? value : DEFAULT_UPSTREAM;
}

export function upstreamUrls(upstream: string = defaultUpstream()): UpstreamUrls {
  let url: URL;
  try {
    url = new URL(upstream);
  } catch {
    throw new ProxyConfigError(`upstream must be an absolute http(s) URL, got "${upstream}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProxyConfigError(`upstream must use http or https, got "${url.protocol}".`);
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new ProxyConfigError('upstream must not carry credentials, a query or a fragment.');
  }
  // A trailing `/v1` is accepted too, since that is how the OpenAI SDKs spell the base URL.
  const base = `${url.origin}${url.pathname}`.replace(/\/+$/, '').replace(/\/v1$/, '');
  return { origin: url.origin, chat: `${base}/v1/chat/completions`, models: `${base}/v1/models` };
}
