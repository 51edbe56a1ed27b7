/**
 * Node-only helpers: `startProxyServer`, `undiciUpstream` and `createNodeFetch`.
 *
 * @module \@using-ai/proxy/node
 */
// The Node entry: the adapter (also exported from the root) and a ready-made node:http server.

export { toNodeHandler } from './node-adapter';
export type { NodeFetchOptions } from './node-fetch';
export { createNodeFetch } from './node-fetch';
export type { FetchHandler, NodeHandler, NodeRequestLike, NodeResponseLike } from './node-handler';
export type { ProxyServer, ProxyServerOptions } from './proxy-server';
export {
  DEFAULT_BASE_PATH,
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_PORT,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_SERVER_BODY_BYTES_IN_FLIGHT,
  startProxyServer,
} from './proxy-server';
export { type UndiciUpstream, type UndiciUpstreamOptions, undiciUpstream } from './undici-upstream';
