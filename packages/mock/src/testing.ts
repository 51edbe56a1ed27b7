/**
 * The emulator for one test file: `setupUsingAiMock` (scripted answers, the requests received, runner
 * hooks) and `connectUsingAiMock` for an emulator in another process.
 *
 * @module \@using-ai/mock/testing
 */
// `@using-ai/mock/testing`: the emulator for one test file, as MSW's setupServer is for handlers. It
// starts a real server on 127.0.0.1 (or installs MSW handlers), scripts the next answers, and gives back
// the requests it received, with lifecycle hooks registered on the test runner when it has them.
import type { Fault, InjectOptions } from './faults';
import { createMockHandler, type MockHandler } from './handler';
import type { MockConfig } from './options';
import type { RecordedRequest } from './request-log';
import type { ScriptedAnswer } from './script';
import { type MockServer, type MockServerOptions, startMockServer } from './server';

/** A test runner's hook registrar, e.g. vitest's or jest's `beforeAll`. */
export type TestHook = (fn: () => unknown) => unknown;

/** The hooks `setupUsingAiMock` registers: start before all tests, reset after each, close after all. */
export interface UsingAiMockHooks {
  /** Registers `listen()` (start the server or install the MSW handlers). */
  beforeAll: TestHook;
  /** Registers `close()`. */
  afterAll: TestHook;
  /** Registers `reset()`, so each test starts with no script, faults or logged requests. */
  afterEach?: TestHook;
}

/** Options of `setupUsingAiMock`: the emulator's and `startMockServer`'s, plus the kit's own. */
export interface SetupUsingAiMockOptions extends MockServerOptions {
  /**
   * `'server'` (default): a real HTTP server on 127.0.0.1 (a free port unless `port` is given), for
   * vitest/jest in Node, jsdom or happy-dom, and for Playwright (point a proxy or an app at `url`).
   * `'msw'`: MSW request handlers in this process, intercepting `mswOrigin` (needs `msw` installed).
   * Default `'server'`, except under happy-dom, whose globals replace the `Request`/`Response` an
   * in-process server needs: there the default is `'msw'`, and `'server'` is refused with a clear error.
   */
  mode?: 'server' | 'msw';
  /** What MSW intercepts in `'msw'` mode. Default `'https://api.using.ai'`. */
  mswOrigin?: string;
  /** The key `apiKey` and `headers` carry. Default `'sk-test-supermaxes'` (every model). */
  apiKey?: string;
  /**
   * Hooks to register. Default: the runner's global `beforeAll`/`afterAll`/`afterEach` when it has them
   * (vitest with `globals: true`, jest); none otherwise. Pass vitest's imports (or Playwright's
   * `test.beforeAll`…) explicitly, or `false` and call `listen()`, `reset()` and `close()` yourself.
   */
  hooks?: UsingAiMockHooks | false;
}

/** The emulator of one test file. */
export interface UsingAiMock {
  /** Origin without `/v1`, e.g. `http://127.0.0.1:53117` (server mode: available once listening). */
  readonly url: string;
  /** `url + '/v1'`: what `createClient`, `UsingAiProvider` or the `openai` client take as `baseURL`. */
  readonly baseURL: string;
  /** The API key to send. */
  readonly apiKey: string;
  /** `{ Authorization: 'Bearer <apiKey>' }`, ready for a client's `headers`. */
  readonly headers: { Authorization: string };
  /** The handler behind it (shared by the server or the MSW handlers). */
  readonly handler: MockHandler;
  /** Starts the server or installs the MSW handlers. Idempotent. */
  listen(): Promise<void>;
  /** Stops the server (ending open streams) or removes the MSW handlers. Idempotent. */
  close(): Promise<void>;
  /** Back to the start: scripted answers, injected faults, request log, rate-limit windows, config. */
  reset(): void;
  /** What the model answers to the next chat-completion requests, one answer each, in order. */
  script(...answers: ScriptedAnswer[]): void;
  /** The next `times` (default 1) chat-completion requests get `fault`. */
  inject(fault: Fault, options?: InjectOptions): void;
  /** Pacing (`ttftMs`, `tokensPerSecond`), keep-alive, seed, at runtime. */
  configure(patch: Partial<MockConfig>): MockConfig;
  /** The chat-completion requests received, oldest first, with their parsed bodies and outcomes. */
  requests(): RecordedRequest[];
}

interface MswServer {
  listen(options?: { onUnhandledRequest?: 'bypass' | 'warn' | 'error' }): void;
  close(): void;
}

/** happy-dom (vitest's `happy-dom` environment) replaces the global Fetch classes with its own. */
function underHappyDom(): boolean {
  const g = globalThis as { happyDOM?: unknown; window?: { happyDOM?: unknown } };
  return g.happyDOM !== undefined || g.window?.happyDOM !== undefined;
}

function runnerHooks(): UsingAiMockHooks | undefined {
  const g = globalThis as { beforeAll?: unknown; afterAll?: unknown; afterEach?: unknown };
  if (typeof g.beforeAll !== 'function' || typeof g.afterAll !== 'function') return undefined;
  return {
    beforeAll: g.beforeAll as TestHook,
    afterAll: g.afterAll as TestHook,
    afterEach: typeof g.afterEach === 'function' ? (g.afterEach as TestHook) : undefined,
  };
}

/**
 * The emulator for one test file: call it at the top level of the file. Registers
 * `beforeAll(listen)`, `afterEach(reset)` and `afterAll(close)` on the runner (see `hooks`).
 */
export function setupUsingAiMock(options: SetupUsingAiMockOptions = {}): UsingAiMock {
  const {
    mode = underHappyDom() ? 'msw' : 'server',
    mswOrigin = 'https://api.using.ai',
    apiKey = 'sk-test-supermaxes',
  } = options;
  const { hooks, port, host, headersTimeoutMs, requestTimeoutMs, ...handlerOptions } = options;
  const handler = createMockHandler(handlerOptions);
  let server: MockServer | undefined;
  let msw: MswServer | undefined;
  let starting: Promise<void> | undefined;

  const origin = (): string => {
    if (mode === 'msw') return mswOrigin.replace(/\/+$/, '').replace(/\/v1$/, '');
    if (!server)
      throw new Error('The using.ai mock is not listening yet: call listen() (in beforeAll) first.');
    return server.url;
  };

  async function start(): Promise<void> {
    if (mode === 'msw') {
      const [{ setupServer }, { handlers }] = await Promise.all([import('msw/node'), import('./msw')]);
      msw = setupServer(...handlers({ handler, baseURL: origin() }));
      msw.listen({ onUnhandledRequest: 'bypass' });
      return;
    }
    if (underHappyDom()) {
      throw new Error(
        "setupUsingAiMock: mode 'server' cannot run under happy-dom, whose Request/Response replace Node's. " +
          "Use mode: 'msw' (the default there), or the jsdom environment.",
      );
    }
    server = await startMockServer({ port, host, headersTimeoutMs, requestTimeoutMs, handler });
  }

  const mock: UsingAiMock = {
    get url() {
      return origin();
    },
    get baseURL() {
      return `${origin()}/v1`;
    },
    apiKey,
    headers: { Authorization: `Bearer ${apiKey}` },
    handler,
    listen() {
      starting ??= start();
      return starting;
    },
    async close() {
      if (!starting) return;
      await starting.catch(() => {});
      starting = undefined;
      msw?.close();
      msw = undefined;
      await server?.close();
      server = undefined;
    },
    reset: () => handler.reset(),
    script: (...answers) => handler.script(...answers),
    inject: (fault, injectOptions) => handler.inject(fault, injectOptions),
    configure: (patch) => handler.configure(patch),
    requests: () => handler.requests(),
  };

  const registrar = hooks === false ? undefined : (hooks ?? runnerHooks());
  if (registrar) {
    registrar.beforeAll(() => mock.listen());
    registrar.afterEach?.(() => mock.reset());
    registrar.afterAll(() => mock.close());
  }
  return mock;
}

export type { Fault, InjectOptions } from './faults';
export type { MockHandler } from './handler';
export type { MockConfig } from './options';
export { type ConnectOptions, connectUsingAiMock, type RemoteUsingAiMock } from './remote';
export type { RecordedRequest, RequestOutcome } from './request-log';
export type { ScriptedAnswer, ScriptedRateLimit, ScriptedToolCall } from './script';
