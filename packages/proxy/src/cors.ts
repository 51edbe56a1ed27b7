// CORS is off unless the app names origins. Only listed origins get CORS headers; the browser then
// refuses everyone else. `'*'` lets any origin in, without credentials (the spec forbids both).
import { attachDirectBody, directBodyOf } from './direct-body';

export interface CorsPolicy {
  /** Headers to add to a response for this request's Origin (empty when the origin is not allowed). */
  headersFor(request: Request): Headers;
  /** The answer to a preflight: 204 with the allow headers, or `null` when CORS does not apply. */
  preflight(request: Request): Response | null;
}

const EXPOSED = 'X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After';

export function createCorsPolicy(origins: readonly string[] | undefined): CorsPolicy | null {
  if (origins === undefined || origins.length === 0) return null;
  const anyOrigin = origins.includes('*');
  const allowed = new Set(origins);

  const headersFor = (request: Request): Headers => {
    const headers = new Headers();
    const origin = request.headers.get('origin');
    headers.set('vary', 'Origin');
    if (origin === null || !(anyOrigin || allowed.has(origin))) return headers;
    headers.set('access-control-allow-origin', anyOrigin ? '*' : origin);
    if (!anyOrigin) headers.set('access-control-allow-credentials', 'true');
    headers.set('access-control-expose-headers', EXPOSED);
    return headers;
  };

  return {
    headersFor,
    preflight(request) {
      if (request.method !== 'OPTIONS' || request.headers.get('access-control-request-method') === null) {
        return null;
      }
      const headers = headersFor(request);
      if (headers.has('access-control-allow-origin')) {
        headers.set('access-control-allow-methods', 'GET, POST, OPTIONS');
        // Safe to echo: the proxy forwards none of the client's headers upstream.
        const asked = request.headers.get('access-control-request-headers');
        headers.set('access-control-allow-headers', asked ?? 'Content-Type, Authorization');
        headers.set('access-control-max-age', '600');
      }
      return new Response(null, { status: 204, headers });
    },
  };
}

/** Copies CORS headers onto a response (responses from fetch have immutable headers, so rebuild). */
export function withHeaders(response: Response, extra: Headers): Response {
  let empty = true;
  extra.forEach(() => {
    empty = false;
  });
  if (empty) return response;
  const headers = new Headers(response.headers);
  extra.forEach((value, name) => {
    headers.set(name, value);
  });
  const copy = new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
  const direct = directBodyOf(response);
  return direct ? attachDirectBody(copy, direct) : copy;
}
