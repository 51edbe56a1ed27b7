// A standalone node:http server around the handler: what the CLI runs, and a one-liner for scripts.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProxy } from './create-proxy';
import { toNodeHandler } from './node-adapter';
import type { ProxyOptions } from './options';
import { redisResumeStore } from './resume/redis-url';
import { normalizeBasePath } from './route';

export const DEFAULT_PORT = 8788;
export const DEFAULT_BASE_PATH = '/api/using-ai';

export interface ProxyServerOptions extends ProxyOptions {
  /** Default 8788; 0 picks a free port. */
  port?: number;
  /** Default `127.0.0.1` (loopback only). */
  host?: string;
  /**
   * A Redis URL (`redis://…`): durable streams are kept in that Redis (createRedisResumeStore on an ioredis
   * client the server opens and closes), so several servers serve one set of streams. Needs `ioredis`.
   */
  redisUrl?: string;
}

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

export async function startProxyServer(options: ProxyServerOptions = {}): Promise<ProxyServer> {
  const { port = DEFAULT_PORT, host = '127.0.0.1', redisUrl, ...proxyOptions } = options;
  const basePath = normalizeBasePath(proxyOptions.basePath ?? DEFAULT_BASE_PATH);
  const shared =
    redisUrl !== undefined && proxyOptions.resume !== false ? await redisResumeStore(redisUrl) : null;
  if (shared) proxyOptions.resume = { ...proxyOptions.resume, store: shared.store };
  // Throws here, before listening, when the key or another option is missing.
  const handler = toNodeHandler(createProxy({ ...proxyOptions, basePath }));
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
      }).then(() => shared?.close()),
  };
}
