// Which upstream client the servers we start (startProxyServer, the CLI, the Vite plugin) use: undici's
// `request`, unless the app gave its own `fetch` or client, or has replaced the global fetch since this
// module loaded. A replaced global fetch (MSW's setupServer, nock, a test double) is one the app wants its
// HTTP calls to go through, and undici's `request` would go around it; so while it is replaced, upstream
// calls go through it, and once it is restored (MSW's `close()`), through undici again.
import type { ProxyOptions } from './options';
import { type UndiciUpstream, undiciUpstream } from './undici-upstream';
import { fetchUpstream } from './upstream-client';

const loadedFetch = globalThis.fetch;

/** The `upstreamClient` a server we start adds to the app's options (none when the app chose one). */
export function nodeUpstream(options: ProxyOptions): { upstreamClient?: UndiciUpstream } {
  if (options.fetch || options.upstreamClient) return {};
  const undici = undiciUpstream();
  const replaced = fetchUpstream();
  const client = (request: Parameters<UndiciUpstream>[0]) =>
    globalThis.fetch === loadedFetch ? undici(request) : replaced(request);
  return { upstreamClient: Object.assign(client, { close: undici.close }) };
}
