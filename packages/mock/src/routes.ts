// Which API endpoint a path names. Any prefix before `/v1` is accepted, so the handler also works behind
// a base URL such as `https://example.test/api/v1`.

export type Route = { name: 'chat' } | { name: 'models' } | { name: 'model'; id: string };

export const ALLOWED_METHODS: Readonly<Record<Route['name'], string>> = {
  chat: 'POST',
  models: 'GET',
  model: 'GET',
};

export function matchRoute(pathname: string): Route | undefined {
  const path = pathname.replace(/\/+$/, '');
  if (/\/v1\/chat\/completions$/.test(path)) return { name: 'chat' };
  if (/\/v1\/models$/.test(path)) return { name: 'models' };
  const model = /\/v1\/models\/([^/]+)$/.exec(path);
  if (model?.[1]) return { name: 'model', id: decodeURIComponent(model[1]) };
  return undefined;
}
