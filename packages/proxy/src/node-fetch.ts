// createNodeFetch was a hand-written fetch over node:http that fed a second, Node-only proxy path. The
// proxy now has one path; on Node its fast upstream client is undiciUpstream(). The name stays for apps
// that pass it.

/** @deprecated Ignored: createNodeFetch returns the global fetch now. Kept so existing calls type-check. */
export interface NodeFetchOptions {
  /** @deprecated Ignored. */
  maxSockets?: number;
}

/**
 * @deprecated The global `fetch`, looked up per call. `createProxy({ fetch: createNodeFetch() })` behaves
 * exactly like `createProxy()`. On Node, pass `upstreamClient: undiciUpstream()` instead for the faster client.
 */
export function createNodeFetch(_options: NodeFetchOptions = {}): typeof fetch {
  return (input, init) => globalThis.fetch(input, init);
}
