// CORS is off unless the app names origins. Only listed origins get CORS headers; the browser then
// refuses everyone else. `'*'` lets any origin in, without credentials (the spec forbids both).
// Pure: it reads request headers through a lookup and answers plain header records.
import type { HeaderRecord } from './error-response';

/** Reads one request header (case-insensitive name), as `Headers.get` would: `null` when absent. */
export type HeaderLookup = (name: string) => string | null;

export interface CorsPolicy {
  /** Headers to add to a response for this request's Origin (only `Vary` when the origin is not allowed). */
  headersFor(header: HeaderLookup): HeaderRecord;
  /** The headers of the 204 answer to a preflight, or `null` when the request is not one. */
  preflight(method: string, header: HeaderLookup): HeaderRecord | null;
}

const EXPOSED = 'X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After, X-Stream-Id';

export function createCorsPolicy(origins: readonly string[] | undefined): CorsPolicy | null {
  if (origins === undefined || origins.length === 0) return null;
  const anyOrigin = origins.includes('*');
  const allowed = new Set(origins);

  const headersFor = (header: HeaderLookup): HeaderRecord => {
    const origin = header('origin');
    if (origin === null || !(anyOrigin || allowed.has(origin))) return { vary: 'Origin' };
    const headers: HeaderRecord = { vary: 'Origin', 'access-control-allow-origin': anyOrigin ? '*' : origin };
    if (!anyOrigin) headers['access-control-allow-credentials'] = 'true';
    headers['access-control-expose-headers'] = EXPOSED;
    return headers;
  };

  return {
    headersFor,
    preflight(method, header) {
      if (method !== 'OPTIONS' || header('access-control-request-method') === null) return null;
      const headers = headersFor(header);
      if (headers['access-control-allow-origin'] !== undefined) {
        headers['access-control-allow-methods'] = 'GET, POST, DELETE, OPTIONS';
        // Safe to echo: the proxy forwards none of the client's headers upstream.
        headers['access-control-allow-headers'] =
          header('access-control-request-headers') ?? 'Content-Type, Authorization';
        headers['access-control-max-age'] = '600';
      }
      return headers;
    },
  };
}

/** True when the CORS headers let the request's origin in. */
export function corsAllows(headers: HeaderRecord | null): boolean {
  return headers?.['access-control-allow-origin'] !== undefined;
}

/** Copies CORS headers onto a response (responses from fetch have immutable headers, so rebuild). */
export function withHeaders(response: Response, extra: HeaderRecord): Response {
  const names = Object.keys(extra);
  if (names.length === 0) return response;
  const headers = new Headers(response.headers);
  for (const name of names) headers.set(name, extra[name] as string);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
