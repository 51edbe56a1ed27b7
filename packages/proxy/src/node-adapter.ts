// toNodeHandler for the '/node' entry, the CLI, startProxyServer and the Vite plugin: the same adapter as
// the root's, with @hono/node-server imported statically, so bundlers include it. Node-only.
import * as hono from '@hono/node-server';
import { type AdapterModule, type FetchHandler, type NodeHandler, nodeHandlerOn } from './node-handler';

const adapter = hono as unknown as AdapterModule;

/** Wraps a Fetch handler as a node:http listener and Express/Connect middleware (on @hono/node-server). */
export function toNodeHandler(handler: FetchHandler): NodeHandler {
  return nodeHandlerOn(() => adapter, handler);
}
