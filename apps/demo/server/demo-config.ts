// The demo's whole Vite configuration as a function, so `vite.config.ts` and the e2e tests build the
// exact same server. With no USING_AI_KEY the embedded emulator starts in-process (port 0) and the proxy
// plugin forwards to it with one of its test keys; with a key, the proxy forwards to the real API.
import type { Tier } from '@using-ai/core';
import { catalog, startMockServer } from '@using-ai/mock';
import { usingAiProxy } from '@using-ai/proxy/vite';
import react from '@vitejs/plugin-react';
import type { Alias, Plugin, UserConfig } from 'vite';
import { createDemoEndpoints } from './demo-endpoints.ts';
import { dropBrowserPlugin } from './drop-browser';
import { toConnectMiddleware } from './node-middleware.ts';
import { SPEEDS, type SpeedName } from './speeds.ts';
import { upstreamLogPlugin } from './upstream-log';

export const PROXY_BASE = '/api/using-ai';
export const DEMO_BASE = '/__demo';

const TEST_KEYS: Record<Tier, string> = {
  standard: 'sk-test-standard',
  donator: 'sk-test-donator',
  supermaxes: 'sk-test-supermaxes',
};

export interface DemoConfigOptions {
  /** `serve` (dev and preview) starts the emulator when there is no key; `build` never does. Default `serve`. */
  command?: 'serve' | 'build';
  /** The real key. Default `process.env.USING_AI_KEY`; when empty the embedded emulator is used. */
  apiKey?: string;
  /** Origin of the real API. Default `process.env.USING_AI_UPSTREAM` or `https://api.using.ai`. */
  upstream?: string;
  /** The tier of the real key, shown in the UI when known. Default `process.env.USING_AI_TIER`. */
  upstreamTier?: Tier;
  /** Emulator mode: the key tier the proxy starts with. Default `standard`. */
  tier?: Tier;
  /** Emulator mode: starting pace. Default `normal` (human-visible), `USING_AI_DEMO_SPEED` overrides. */
  speed?: SpeedName;
  /** Emulator mode: requests per window per tier (the API's 60/120/300 by default). */
  rateLimits?: Partial<Record<Tier, number>>;
  /** Emulator mode: rate-limit window in ms (the API's 60 000 by default; tests use a short one). */
  rateLimitWindowMs?: number;
  /** Resolve `@using-ai/*` imports to TypeScript sources (so `vite` runs without building packages). */
  aliases?: Alias[];
}

/** What the developer panel changes at runtime. */
interface EmulatorState {
  tier: Tier;
  speed: SpeedName;
  /** Send a key the emulator does not know, to show the 401 banner. */
  keyBroken: boolean;
}

/** Everything the emulator mode started, so it can be closed with the server. */
interface Emulator {
  url: string;
  close(): Promise<void>;
}

function emulatorControlsPlugin(emulator: Emulator, state: EmulatorState): Plugin {
  // Reset means "as started": the emulator restores its pace, and the panel's tier, speed and key follow.
  const initialSpeed = state.speed;
  const initialTier = state.tier;
  const endpoints = createDemoEndpoints({
    mode: 'emulator',
    mockUrl: emulator.url,
    // The catalog the emulator was started with (startMockServer's default).
    models: catalog,
    getTier: () => state.tier,
    setTier: (tier) => {
      state.tier = tier;
    },
    getSpeed: () => state.speed,
    getKeyBroken: () => state.keyBroken,
    setKeyBroken: (broken) => {
      state.keyBroken = broken;
    },
    onReset: () => {
      state.tier = initialTier;
      state.speed = initialSpeed;
      state.keyBroken = false;
    },
    setSpeed: (speed) => {
      state.speed = speed;
    },
  });
  const middleware = toConnectMiddleware(endpoints, `${DEMO_BASE}/`);
  let closed: Promise<void> | null = null;
  // Idempotent: both the HTTP server's close event and the plugin container's close may fire.
  const stop = () => {
    closed ??= emulator.close();
    return closed;
  };
  return {
    name: 'using-ai-demo:emulator',
    configureServer(server) {
      server.middlewares.use(middleware);
      server.httpServer?.once('close', () => void stop());
      server.config.logger.info(`  ➜  Emulator: ${emulator.url} (no USING_AI_KEY set; developer panel on)`);
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
      server.httpServer?.once('close', () => void stop());
    },
    async closeBundle() {
      await stop();
    },
  };
}

function upstreamStatePlugin(tier: Tier | null): Plugin {
  const middleware = toConnectMiddleware(
    createDemoEndpoints({ mode: 'upstream', getTier: () => tier }),
    `${DEMO_BASE}/`,
  );
  return {
    name: 'using-ai-demo:state',
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}

function envTier(value: string | undefined): Tier | undefined {
  return value === 'standard' || value === 'donator' || value === 'supermaxes' ? value : undefined;
}

function envSpeed(value: string | undefined): SpeedName | undefined {
  return value && Object.hasOwn(SPEEDS, value) ? (value as SpeedName) : undefined;
}

export async function createDemoConfig(options: DemoConfigOptions = {}): Promise<UserConfig> {
  const command = options.command ?? 'serve';
  const apiKey = options.apiKey ?? process.env.USING_AI_KEY ?? '';
  const plugins: Plugin[] = [...react()];

  if (command === 'serve' && apiKey === '') {
    const state: EmulatorState = {
      tier: options.tier ?? 'standard',
      speed: options.speed ?? envSpeed(process.env.USING_AI_DEMO_SPEED) ?? 'normal',
      keyBroken: false,
    };
    const mock = await startMockServer({
      port: 0,
      host: '127.0.0.1',
      ...SPEEDS[state.speed],
      rateLimit: {
        windowMs: options.rateLimitWindowMs ?? 60_000,
        ...(options.rateLimits ? { limits: options.rateLimits } : {}),
      },
    });
    plugins.push(
      // Before the proxy, so it can cut the page's connection (durable streams keep upstream going).
      dropBrowserPlugin(PROXY_BASE),
      upstreamLogPlugin(mock),
      emulatorControlsPlugin(mock, state),
      usingAiProxy({
        // Read on every request, so the panel's tier switch takes effect at once.
        apiKey: () => (state.keyBroken ? 'sk-test-revoked' : TEST_KEYS[state.tier]),
        upstream: mock.url,
        basePath: PROXY_BASE,
      }),
    );
  } else if (command === 'serve') {
    const upstream = options.upstream ?? process.env.USING_AI_UPSTREAM ?? 'https://api.using.ai';
    plugins.push(
      upstreamStatePlugin(options.upstreamTier ?? envTier(process.env.USING_AI_TIER) ?? null),
      usingAiProxy({ apiKey, upstream, basePath: PROXY_BASE }),
    );
  }

  return {
    plugins,
    resolve: { alias: options.aliases ?? [] },
    // The key lives in process.env on the server only; nothing here is exposed to the client bundle
    // (Vite exposes only VITE_* variables and this config defines none).
    build: { sourcemap: false, chunkSizeWarningLimit: 1000 },
  };
}
