// The `resume` option of createProxy and its defaults.
import { ProxyConfigError } from '../config-error';
import { createMemoryResumeStore } from './memory-store';
import type { ResumeStore } from './store';

/** Options of resumable streams: where they are kept and for how long. */
export interface ResumeOptions {
  /**
   * Where streams are kept. Default: this process's memory (`createMemoryResumeStore`, bounded by `ttlSec`
   * and `maxBytes`). Pass `createRedisResumeStore(redis)` when several instances serve one app.
   */
  store?: ResumeStore;
  /** How long a finished stream stays readable, in seconds (memory store). Default 300. */
  ttlSec?: number;
  /** Cap on the bytes of all stored events; the oldest finished streams go first (memory store). Default 64 MiB. */
  maxBytes?: number;
  /** Upstream is aborted when no reader has been attached to a running stream for this long, in ms. Default 30_000. */
  abandonAfterMs?: number;
}

/** Default `abandonAfterMs`: upstream is aborted after 30 s without a reader. */
export const DEFAULT_ABANDON_AFTER_MS = 30_000;

/** What the proxy runs durable streams with. */
export interface ResumeRuntime {
  store: ResumeStore;
  abandonAfterMs: number;
}

/** The runtime for `options.resume`: `null` when it is `false` (streams are not durable). */
export function resumeRuntime(options: ResumeOptions | false | undefined): ResumeRuntime | null {
  if (options === false) return null;
  const { store, ttlSec, maxBytes, abandonAfterMs = DEFAULT_ABANDON_AFTER_MS } = options ?? {};
  for (const [name, value] of Object.entries({ ttlSec, maxBytes, abandonAfterMs })) {
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
      throw new ProxyConfigError(`resume.${name} must be a positive number.`);
    }
  }
  return { store: store ?? createMemoryResumeStore({ ttlSec, maxBytes }), abandonAfterMs };
}
