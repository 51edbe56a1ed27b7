// Puts a Fetch handler on a real node:http server (port 0) through the package's own Node adapter,
// on either of its lanes (see LANES).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProxy } from '../../src/create-proxy';
import { createNodeFetch } from '../../src/node-fetch';
import { type FetchHandler, toNodeHandler } from '../../src/node-handler';
import type { ProxyOptions } from '../../src/options';

/**
 * The ways toNodeHandler can serve a createProxy handler. Suites run once per lane, so every
 * behaviour is checked on each: the Node lane (the handler as createProxy made it), with the
 * node:http upstream or with global fetch upstream, and the Fetch lane (the same handler behind a
 * plain function, which is all an app's own Fetch handler looks like to the adapter).
 */
export interface Lane {
  name: string;
  /** Hide the handler behind a plain function: the adapter sees a Fetch handler, not createProxy's. */
  plain: boolean;
  /** Default `fetch` to createNodeFetch() (a test's own `fetch` option still wins). */
  nodeFetch: boolean;
}

export const LANES: Lane[] = [
  { name: 'Node lane, node:http upstream', plain: false, nodeFetch: true },
  { name: 'Node lane, global fetch upstream', plain: false, nodeFetch: false },
  { name: 'Fetch lane (plain Fetch handler)', plain: true, nodeFetch: false },
];

export function serveProxy(options: ProxyOptions, lane: Lane): Promise<Served> {
  const handler = createProxy({ ...(lane.nodeFetch ? { fetch: createNodeFetch() } : {}), ...options });
  return serve(lane.plain ? (request, context) => handler(request, context) : handler);
}

export interface Served {
  origin: string;
  close(): Promise<void>;
}

export async function serve(handler: FetchHandler): Promise<Served> {
  const node = toNodeHandler(handler);
  const server = createServer((req, res) => {
    void node(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Sends raw bytes over TCP and returns everything the server answered until it closed the connection
 * (for requests fetch refuses to make). Send `Connection: close` so the server ends it.
 */
export async function rawRequest(origin: string, text: string | Buffer): Promise<string> {
  const { connect } = await import('node:net');
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write(text));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}
