/**
 * Node-only helpers: `startProxyServer` and `createNodeFetch`.
 *
 * @module \@using-ai/proxy/node
 */
// The Node entry: the adapter (also exported from the root) and a ready-made node:http server.

export type { NodeFetchOptions } from './node-fetch';
export { createNodeFetch } from './node-fetch';
export type { FetchHandler, NodeHandler, NodeRequestLike, NodeResponseLike } from './node-handler';
export { toNodeHandler } from './node-handler';
export type { ProxyServer, ProxyServerOptions } from './proxy-server';
export { DEFAULT_BASE_PATH, DEFAULT_PORT, startProxyServer } from './proxy-server';
