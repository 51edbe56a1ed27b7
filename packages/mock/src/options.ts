// The emulator's options, as plain objects, and the live (runtime-changeable) part of them.
import type { ModelInfo, Tier } from '@using-ai/core';

/** How fast the emulator answers. */
export interface MockPacing {
  /** Milliseconds before the first token (and before a non-streaming body). Default 0. */
  ttftMs?: number;
  /** Tokens per second after the first; 0 means as fast as possible. Default 0. */
  tokensPerSecond?: number;
}

/** The emulator's per-key rate limit. */
export interface MockRateLimitOptions {
  /** Window length in milliseconds. Default 60 000 (per minute, as documented). */
  windowMs?: number;
  /** Requests per window per key, by tier. Default { standard: 60, donator: 120, supermaxes: 300 }. */
  limits?: Partial<Record<Tier, number>>;
}

/** A clock for rate-limit windows and `created` timestamps (tests pass a fake one). */
export interface MockClock {
  /** The current time, epoch milliseconds. */
  now(): number;
}

/** Options of `createMockHandler`, `startMockServer` and the MSW `handlers`; all optional. */
export interface MockOptions extends MockPacing {
  /** API keys and their tiers. Default: sk-test-standard, sk-test-donator, sk-test-supermaxes. */
  keys?: Readonly<Record<string, Tier>>;
  /** The model catalog. Default: the 15 illustrative models of `catalog`. */
  models?: readonly ModelInfo[];
  /** Seed for the deterministic text; a request's own `seed` replaces it. Default 0. */
  seed?: number;
  /** Alternative spelling of `ttftMs` / `tokensPerSecond`; the top-level fields win. */
  pacing?: MockPacing;
  /** Epoch-milliseconds clock for rate-limit windows and `created`. Default Date.now. */
  now?: () => number;
  /** Same as `now`: an object with `now()` or a function; `now` wins when both are given. */
  clock?: MockClock | (() => number);
  /** Rate limiting; `false` turns the 429s off (headers are still sent). */
  rateLimit?: MockRateLimitOptions | false;
  /** A `: keep-alive` comment is sent whenever a stream waits longer than this. Default 15 000. */
  keepAliveMs?: number;
  /** How long the `slow_headers` fault holds the response. Default 2 000. */
  slowHeadersMs?: number;
  /** Largest accepted request body in bytes. Default 1 048 576 (1 MB). */
  maxBodyBytes?: number;
  /** Serve the `/__mock/*` control endpoints. Default true. */
  admin?: boolean;
  /** Answer CORS preflights and expose the rate-limit headers to browsers. Default true. */
  cors?: boolean;
  /** How many chat-completion requests `requests()` keeps (the oldest are dropped); 0 keeps none. Default 1000. */
  requestLogLimit?: number;
}

/** The settings that can change at runtime (`configure()` / `POST /__mock/config`). */
export interface MockConfig {
  ttftMs: number;
  tokensPerSecond: number;
  keepAliveMs: number;
  slowHeadersMs: number;
  seed: number;
}

export function initialConfig(options: MockOptions): MockConfig {
  return {
    ttftMs: options.ttftMs ?? options.pacing?.ttftMs ?? 0,
    tokensPerSecond: options.tokensPerSecond ?? options.pacing?.tokensPerSecond ?? 0,
    keepAliveMs: options.keepAliveMs ?? 15_000,
    slowHeadersMs: options.slowHeadersMs ?? 2_000,
    seed: options.seed ?? 0,
  };
}

const CONFIG_FIELDS = ['ttftMs', 'tokensPerSecond', 'keepAliveMs', 'slowHeadersMs', 'seed'] as const;

/**
 * Checks a partial config from an untrusted source (JSON over HTTP). Returns the message of the first
 * problem, or the clean patch.
 */
export function parseConfigPatch(
  value: unknown,
): { ok: true; patch: Partial<MockConfig> } | { ok: false; message: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'The config must be a JSON object.' };
  }
  const patch: Partial<MockConfig> = {};
  for (const [name, raw] of Object.entries(value)) {
    if (!(CONFIG_FIELDS as readonly string[]).includes(name)) {
      return { ok: false, message: `Unknown config field "${name}". Known: ${CONFIG_FIELDS.join(', ')}.` };
    }
    const min = name === 'keepAliveMs' ? 1 : 0;
    if (typeof raw !== 'number' || !Number.isFinite(raw) || (name !== 'seed' && raw < min)) {
      return { ok: false, message: `${name} must be a finite number${name === 'seed' ? '' : ` >= ${min}`}.` };
    }
    patch[name as keyof MockConfig] = raw;
  }
  return { ok: true, patch };
}
