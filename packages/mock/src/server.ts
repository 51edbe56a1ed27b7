// startMockServer: the handler on a real node:http server, for integration tests, the CLI and the demo.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Fault, InjectOptions, PendingFault } from './faults';
import { createMockHandler, type MockHandler } from './handler';
import { toNodeListener } from './node-adapter';
import type { MockConfig, MockOptions } from './options';

/** Options of `startMockServer`: the emulator's options plus where to listen. */
export interface MockServerOptions extends MockOptions {
  /** Default 0: the OS picks a free port (read it back from `port`). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
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
  /** The Fetch handler behind the server. */
  handler: MockHandler;
}

/** Starts the emulator on a real `node:http` server (127.0.0.1 and a free port by default). */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const { port = 0, host = '127.0.0.1', ...mockOptions } = options;
  const handler = createMockHandler(mockOptions);
  const server = createServer(toNodeListener(handler));
  // Streams are long-lived by design; node's default request timeouts must not cut them.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
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
    handler,
  };
}
