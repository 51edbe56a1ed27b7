// The browser side of the dev-only /__demo/* endpoints (served by server/demo-endpoints.ts under `vite`).
// They never carry a key: the server switches which of its own test keys the proxy uses.
import type { Tier } from '@using-ai/core';

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

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`/__demo/${path}`, {
    ...init,
    headers: init?.body ? { 'content-type': 'application/json' } : undefined,
  });
  const body = (await response.json().catch(() => null)) as T | { error?: { message?: string } } | null;
  if (!response.ok) {
    const message = (body as { error?: { message?: string } } | null)?.error?.message;
    throw new Error(message ?? `HTTP ${response.status}`);
  }
  return body as T;
}

/** `null` when the page is not served by the demo's dev server (a production build, another host). */
export async function fetchDemoState(): Promise<DemoState | null> {
  try {
    return await call<DemoState>('state');
  } catch {
    return null;
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
