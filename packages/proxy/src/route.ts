// Decides which endpoint a request path names. Pure: the path comes from the Request URL, already
// normalised by the URL parser (`..` and `%2e%2e` segments resolved), so what is left to refuse are
// encoded separators and empty segments that other layers might read differently.

export type Route = 'chat' | 'models';

const ENDPOINTS: ReadonlyArray<readonly [suffix: string, route: Route]> = [
  ['/chat/completions', 'chat'],
  ['/models', 'models'],
];

// %2F (/), %5C (\) and %2E (.) make a path mean different things to different parsers; NUL never belongs.
const AMBIGUOUS = /%2f|%5c|%2e|%00/i;

/** Trims trailing slashes and makes sure the base starts with one: `api/x/` -> `/api/x`, `/` -> ``. */
export function normalizeBasePath(basePath: string): string {
  const trimmed = basePath.replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/**
 * The endpoint `pathname` names, or `null` (404). With a `basePath` the path must be exactly
 * `${basePath}/chat/completions` or `${basePath}/models`; without one any path ending in those
 * segments matches, so the handler works wherever it is mounted.
 */
export function matchRoute(pathname: string, basePath?: string): Route | null {
  if (AMBIGUOUS.test(pathname) || pathname.includes('//') || pathname.includes('\\')) return null;
  for (const [suffix, route] of ENDPOINTS) {
    if (basePath === undefined) {
      if (pathname === suffix || pathname.endsWith(suffix)) return route;
    } else if (pathname === `${normalizeBasePath(basePath)}${suffix}`) {
      return route;
    }
  }
  return null;
}
