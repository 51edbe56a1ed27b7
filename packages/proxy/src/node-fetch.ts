// createNodeFetch was a hand-written fetch over node:http that fed a second, Node-only proxy path. The
// proxy now has one path with one upstream client, the global fetch; the name stays for apps that pass it.

/** @deprecated Ignored: the proxy always uses the global fetch now. Kept so existing calls type-check. */
export interface NodeFetchOptions {
  /** @deprecated Ignored. */
  maxSockets?: number;
}

/**
 * @deprecated The global `fetch`, looked up per call. `createProxy({ fetch: createNodeFetch() })` behaves
 * exactly like `createProxy()`; drop the option.
 */
export function createNodeFetch(_options: NodeFetchOptions = {}): typeof fetch {
  return (input, init) => globalThis.fetch(input, init);
}
