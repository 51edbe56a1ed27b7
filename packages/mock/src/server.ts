// startMockServer: the handler on a real node:http server, for integration tests, the CLI and the demo.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Fault, InjectOptions, PendingFault } from './faults';
import { createMockHandler, type MockHandler } from './handler';
import { toNodeListener } from './node-adapter';
import type { MockConfig, MockOptions } from './options';
import type { RecordedRequest } from './request-log';
import type { ScriptedAnswer } from './script';

/** Options of `startMockServer`: the emulator's options plus where to listen. */
export interface MockServerOptions extends MockOptions {
  /** Default 0: the OS picks a free port (read it back from `port`). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /**
   * Milliseconds a client has to send its request headers before it gets 408 and the connection is
   * closed (slow-headers connections must not hold sockets for ever). Default 60 000, Node's own.
   */
  headersTimeoutMs?: number;
  /**
   * Milliseconds a client has to send its whole request (headers and body). Responses, streams included,
   * are not limited. Default 300 000, Node's own; 0 disables (then headersTimeoutMs alone applies).
   */
  requestTimeoutMs?: number;
  /** Serve this handler (made with `createMockHandler`) instead of a new one; the handler options are then ignored. */
  handler?: MockHandler;
}

/** A running emulator: its address, and controls for tests. */
export interface MockServer {
  /** Origin of the server, without /v1, e.g. `http://127.0.0.1:53117`. */
  url: string;
  /** `url` + '/v1': what an OpenAI-style client takes as `baseURL`. */
  baseURL: string;
  port: number;
  host: string;
  /** Ends open streams, closes every connection and stops listening. Safe to call twice. */
  close(): Promise<void>;
  /** Clears rate-limit windows and injected faults and restores the initial config. */
  reset(): void;
  /** Gives the next `times` (default 1) chat-completion requests the fault. */
  inject(fault: Fault, options?: InjectOptions): void;
  /** Drops every queued fault. */
  clearFaults(): void;
  /** The faults still queued. */
  pendingFaults(): PendingFault[];
  /** Changes pacing (or seed, keep-alive, slow-headers delay) at runtime. */
  configure(patch: Partial<MockConfig>): MockConfig;
  /**
   * The chat-completion requests received, oldest first: method, path, headers (Authorization redacted),
   * parsed body, fault, status and outcome (`pending`, `completed`, `cancelled`, `error`). Cleared by reset().
   */
  requests(): RecordedRequest[];
  /** Queues what the model answers to the next chat-completion requests, one answer each, in order. */
  script(...answers: ScriptedAnswer[]): void;
  /** The Fetch handler behind the server. */
  handler: MockHandler;
  /** The underlying node:http server (its timeouts, connections), for what the options do not cover. */
  httpServer: Server;
}

/** Starts the emulator on a real `node:http` server (127.0.0.1 and a free port by default). */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const {
    port = 0,
    host = '127.0.0.1',
    headersTimeoutMs = 60_000,
    requestTimeoutMs = 300_000,
    handler: shared,
    ...mockOptions
  } = options;
  for (const [name, value] of Object.entries({ headersTimeoutMs, requestTimeoutMs })) {
    if (!Number.isFinite(value) || value < 0) throw new TypeError(`${name} must be a number >= 0.`);
  }
  const handler = shared ?? createMockHandler(mockOptions);
  // Node requires headersTimeout <= requestTimeout, and checks both every connectionsCheckingInterval:
  // short timeouts (tests) need a shorter check to take effect.
  const headersTimeout =
    requestTimeoutMs > 0 ? Math.min(headersTimeoutMs, requestTimeoutMs) : headersTimeoutMs;
  const shortest = Math.min(...[headersTimeout, requestTimeoutMs].filter((t) => t > 0), 60_000);
  const server = createServer(
    {
      headersTimeout,
      requestTimeout: requestTimeoutMs,
      connectionsCheckingInterval: Math.max(25, Math.min(30_000, Math.floor(shortest / 4))),
    },
    toNodeListener(handler),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${urlHost}:${address.port}`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      handler.closeStreams();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };

  return {
    url,
    baseURL: `${url}/v1`,
    port: address.port,
    host,
    close,
    reset: () => handler.reset(),
    inject: (fault, opts) => handler.inject(fault, opts),
    clearFaults: () => handler.clearFaults(),
    pendingFaults: () => handler.pendingFaults(),
    configure: (patch) => handler.configure(patch),
    requests: () => handler.requests(),
    script: (...answers) => handler.script(...answers),
    handler,
    httpServer: server,
  };
}
