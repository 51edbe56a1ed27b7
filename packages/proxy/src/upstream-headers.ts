// Which headers cross the proxy. Upstream gets exactly three, built here, never copied from the
// client: no Authorization, cookies, forwarding headers or anything else can be smuggled through.
// The client gets an allowlist of upstream's headers, scrubbed of the key.
import type { HeaderLookup } from './cors';
import type { HeaderRecord } from './error-response';
import { scrubText } from './key-scrubber';

/**
 * The request headers sent upstream; `Content-Type` only when there is a body. `Accept-Encoding:
 * identity` replaces the `gzip, deflate` that fetch would add on its own: a compressed SSE stream reaches
 * the proxy in compressor-sized bursts, and both lanes (fetch and node:http) then ask for the same thing.
 */
export function upstreamRequestHeaders(apiKey: string, accept: string, hasBody: boolean): HeaderRecord {
  const headers: HeaderRecord = { authorization: `Bearer ${apiKey}` };
  if (hasBody) headers['content-type'] = 'application/json';
  headers.accept = accept;
  headers['accept-encoding'] = 'identity';
  return headers;
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

export function clientResponseHeaders(upstream: HeaderLookup, apiKey: string): HeaderRecord {
  const headers: HeaderRecord = {};
  for (const name of PASSED_BACK) {
    const value = upstream(name);
    if (value !== null) headers[name] = scrubText(value, apiKey);
  }
  // Proxies between us and the browser (nginx, Vite) must not hold SSE back to buffer it.
  if (headers['content-type']?.startsWith('text/event-stream')) headers['x-accel-buffering'] = 'no';
  return headers;
}

export function isEventStream(headers: HeaderRecord): boolean {
  return headers['content-type']?.includes('text/event-stream') === true;
}
