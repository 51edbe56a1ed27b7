// Which headers cross the proxy. Upstream gets exactly three, built here, never copied from the
// client: no Authorization, cookies, forwarding headers or anything else can be smuggled through.
// The client gets an allowlist of upstream's headers, scrubbed of the key.
import { scrubText } from './key-scrubber';

export function upstreamRequestHeaders(apiKey: string, accept: string): Headers {
  return new Headers({
    authorization: `Bearer ${apiKey}`,
    'content-type': 'application/json',
    accept,
  });
}

const PASSED_BACK = [
  'content-type',
  'cache-control',
  'retry-after',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'x-request-id',
] as const;

export function clientResponseHeaders(upstream: Headers, apiKey: string): Headers {
  const headers = new Headers();
  for (const name of PASSED_BACK) {
    const value = upstream.get(name);
    if (value !== null) headers.set(name, scrubText(value, apiKey));
  }
  // Proxies between us and the browser (nginx, Vite) must not hold SSE back to buffer it.
  if (headers.get('content-type')?.startsWith('text/event-stream')) headers.set('x-accel-buffering', 'no');
  return headers;
}
