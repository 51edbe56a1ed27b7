// Puts a Fetch handler on a real node:http server (port 0) through the package's own Node adapter.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProxy } from '../../src/create-proxy';
import { type FetchHandler, toNodeHandler } from '../../src/node-handler';
import type { ProxyOptions } from '../../src/options';

export function serveProxy(options: ProxyOptions): Promise<Served> {
  return serve(createProxy(options));
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
