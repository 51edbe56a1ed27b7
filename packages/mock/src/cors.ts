// Browser access: the mock may be called straight from a page (browser tests), so it allows any origin
// and lets scripts read the rate-limit headers.
import type { HeaderMap } from './responses';

export const CORS_HEADERS: Readonly<HeaderMap> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers':
    'X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After, X-Request-Id',
};

export function preflightResponse(request: Request, headers: HeaderMap): Response {
  const requested = request.headers.get('access-control-request-headers');
  return new Response(null, {
    status: 204,
    headers: {
      ...headers,
      'access-control-allow-methods': 'GET, POST, PATCH, DELETE, OPTIONS',
      'access-control-allow-headers': requested ?? 'Authorization, Content-Type, X-Mock-Fault',
      'access-control-max-age': '600',
    },
  });
}
