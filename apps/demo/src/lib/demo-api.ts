// The browser side of the dev-only /__demo/* endpoints (served by server/demo-endpoints.ts under `vite`).
// They never carry a key: the server switches which of its own test keys the proxy uses.
import type { ModelInfo, Tier } from '@using-ai/core';

export type DemoFault = 'rate_limit' | 'server_error' | 'drop_mid_stream' | 'stall' | 'schema_mismatch';
export type DemoSpeed = 'slow' | 'normal' | 'fast' | 'instant';

export interface DemoState {
  /** `emulator`: the embedded emulator answers; `upstream`: the real API (or USING_AI_UPSTREAM) does. */
  mode: 'emulator' | 'upstream';
  /** The tier of the key the proxy uses, when known (always in emulator mode; USING_AI_TIER otherwise). */
  tier: Tier | null;
  speed: DemoSpeed | null;
  /** The proxy sends an invalid key on purpose, so requests get a 401. */
  keyBroken: boolean;
  faults: { fault: string; remaining: number | null }[];
}

/** The dev server answered that it has no such endpoint (a production build, another host, upstream mode). */
class NotServed extends Error {}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`/__demo/${path}`, {
    ...init,
    headers: init?.body ? { 'content-type': 'application/json' } : undefined,
  });
  const body = (await response.json().catch(() => undefined)) as
    | T
    | { error?: { message?: string } }
    | undefined;
  const message = (body as { error?: { message?: string } } | undefined)?.error?.message;
  // Another server answers 404, or its HTML page for any path: not ours.
  if (response.status === 404 || body === undefined) {
    throw new NotServed(message ?? `HTTP ${response.status}`);
  }
  if (!response.ok) throw new Error(message ?? `HTTP ${response.status}`);
  return body as T;
}

/**
 * `null` when the page is not served by the demo's dev server. A failed read (the server restarting,
 * a cancelled poll) throws instead, so the panel keeps the state it had rather than vanishing.
 */
export async function fetchDemoState({ signal }: { signal?: AbortSignal } = {}): Promise<DemoState | null> {
  try {
    return await call<DemoState>('state', { signal });
  } catch (error) {
    if (error instanceof NotServed) return null;
    throw error;
  }
}

/** The emulator's catalog from the dev server (read without spending a request of the key's window), or `null`. */
export async function fetchDemoModels(): Promise<ModelInfo[] | null> {
  try {
    return (await call<{ data: ModelInfo[] }>('models')).data;
  } catch (error) {
    if (error instanceof NotServed) return null;
    throw error;
  }
}

export const setTier = (tier: Tier): Promise<DemoState> =>
  call('tier', { method: 'POST', body: JSON.stringify({ tier }) });

export const setKeyBroken = (broken: boolean): Promise<DemoState> =>
  call('key', { method: 'POST', body: JSON.stringify({ broken }) });

export const injectFault = (fault: DemoFault, times = 1): Promise<DemoState> =>
  call('faults', { method: 'POST', body: JSON.stringify({ fault, times }) });

export const setSpeed = (speed: DemoSpeed): Promise<DemoState> =>
  call('speed', { method: 'POST', body: JSON.stringify({ speed }) });

export const resetEmulator = (): Promise<DemoState> => call('reset', { method: 'POST' });
