// A standalone node:http server around the handler: what the CLI runs, and a one-liner for scripts.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProxyConfigError } from './config-error';
import { createProxy } from './create-proxy';
import { toNodeHandler } from './node-adapter';
import { nodeUpstream } from './node-upstream';
import type { ProxyOptions } from './options';
import { redisResumeStore } from './resume/redis-url';
import { normalizeBasePath } from './route';

/** The port `startProxyServer` and the CLI listen on by default. */
export const DEFAULT_PORT = 8788;
/** Where `startProxyServer`, the CLI and the Vite plugin serve the proxy by default (the core client's default base URL). */
export const DEFAULT_BASE_PATH = '/api/using-ai';

/** Bytes of request bodies held at once by a server we start (see `maxBodyBytesInFlight`). */
export const DEFAULT_SERVER_BODY_BYTES_IN_FLIGHT = 64 * 1_048_576;
/** Longest time for a client to send its request headers (Node's `server.headersTimeout`). */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
/** Longest time to receive a whole request, headers and body (Node's `server.requestTimeout`). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** `ProxyOptions` plus where to listen and the server's own deadlines. */
export interface ProxyServerOptions extends ProxyOptions {
  /** Default 8788; 0 picks a free port. */
  port?: number;
  /** Default `127.0.0.1` (loopback only). */
  host?: string;
  /** A connection that has not sent its full headers by then is closed (408). Default 10_000 ms. */
  headersTimeoutMs?: number;
  /** A request not fully received by then is closed (408). Default 30_000 ms. */
  requestTimeoutMs?: number;
  /**
   * A Redis URL (`redis://…`): durable streams are kept in that Redis (createRedisResumeStore on an ioredis
   * client the server opens and closes), so several servers serve one set of streams. Needs `ioredis`.
   */
  redisUrl?: string;
}

/** A running proxy server. */
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

/** Starts the proxy on its own node:http server (what the CLI runs). Resolves once it listens. */
export async function startProxyServer(options: ProxyServerOptions = {}): Promise<ProxyServer> {
  const {
    port = DEFAULT_PORT,
    host = '127.0.0.1',
    headersTimeoutMs = DEFAULT_HEADERS_TIMEOUT_MS,
    requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
    redisUrl,
    ...proxyOptions
  } = options;
  const basePath = normalizeBasePath(proxyOptions.basePath ?? DEFAULT_BASE_PATH);
  const shared =
    redisUrl !== undefined && proxyOptions.resume !== false ? await redisResumeStore(redisUrl) : null;
  if (shared) proxyOptions.resume = { ...proxyOptions.resume, store: shared.store };
  const ownClient = nodeUpstream(proxyOptions);
  // Throws here, before listening, when the key or another option is missing.
  const handler = toNodeHandler(
    createProxy({
      maxBodyBytesInFlight: DEFAULT_SERVER_BODY_BYTES_IN_FLIGHT,
      ...proxyOptions,
      ...ownClient,
      basePath,
    }),
  );
  if (!(headersTimeoutMs > 0 && requestTimeoutMs >= headersTimeoutMs)) {
    throw new ProxyConfigError('headersTimeoutMs must be positive and requestTimeoutMs at least as long.');
  }
  const server = createServer(
    {
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      // How often Node checks those deadlines (its default, 30 s, lets a slow client overstay by as much).
      connectionsCheckingInterval: Math.min(1_000, headersTimeoutMs),
    },
    (req, res) => {
      void handler(req, res);
    },
  );
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
      })
        .then(() => ownClient.upstreamClient?.close())
        .then(() => shared?.close()),
  };
}
