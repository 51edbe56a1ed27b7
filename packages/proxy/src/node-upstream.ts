// Which upstream client the servers we start (startProxyServer, the CLI, the Vite plugin) use: undici's
// `request` (undici-upstream.ts, which defers to a replaced global fetch), unless the app gave its own
// `fetch` or client.
import type { ProxyOptions } from './options';
import { type UndiciUpstream, undiciUpstream } from './undici-upstream';

/** The `upstreamClient` a server we start adds to the app's options (none when the app chose one). */
export function nodeUpstream(options: ProxyOptions): { upstreamClient?: UndiciUpstream } {
  if (options.fetch || options.upstreamClient) return {};
  return { upstreamClient: undiciUpstream() };
}
