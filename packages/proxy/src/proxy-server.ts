// A standalone node:http server around the handler: what the CLI runs, and a one-liner for scripts.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProxy } from './create-proxy';
import { createNodeFetch } from './node-fetch';
import { toNodeHandler } from './node-handler';
import type { ProxyOptions } from './options';
import { normalizeBasePath } from './route';

/** The port `startProxyServer` and the CLI listen on by default. */
export const DEFAULT_PORT = 8788;
/** Where `startProxyServer`, the CLI and the Vite plugin serve the proxy by default (the core client's default base URL). */
export const DEFAULT_BASE_PATH = '/api/using-ai';

/** Options of `startProxyServer`: the proxy's options plus where to listen. */
export interface ProxyServerOptions extends ProxyOptions {
  /** Default 8788; 0 picks a free port. */
  port?: number;
  /** Default `127.0.0.1` (loopback only). */
  host?: string;
}

/** A running proxy server, made by `startProxyServer`. */
export interface ProxyServer {
  /** Where clients point their base URL: `http://host:port{basePath}`. */
  url: string;
  /** `http://host:port`. */
  origin: string;
  port: number;
  server: Server;
  /** Stops accepting connections, ends open ones (streams included) and resolves when closed. */
  close(): Promise<void>;
}

/** Runs the proxy on its own `node:http` server (what the CLI does). */
export async function startProxyServer(options: ProxyServerOptions = {}): Promise<ProxyServer> {
  const { port = DEFAULT_PORT, host = '127.0.0.1', ...proxyOptions } = options;
  const basePath = normalizeBasePath(proxyOptions.basePath ?? DEFAULT_BASE_PATH);
  // Throws here, before listening, when the key or another option is missing.
  const handler = toNodeHandler(
    createProxy({ ...proxyOptions, basePath, fetch: proxyOptions.fetch ?? createNodeFetch() }),
  );
  const server = createServer((req, res) => {
    void handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `http://${shownHost}:${address.port}`;
  return {
    url: `${origin}${basePath}`,
    origin,
    port: address.port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
