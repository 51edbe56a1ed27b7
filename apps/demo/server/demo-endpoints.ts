// The dev-only `/__demo/*` endpoints behind the developer panel: one Fetch-standard handler, no key in
// or out. In emulator mode they switch which test key the proxy sends, forward faults to the emulator's
// `/__mock/faults`, and change its pace through `/__mock/config`. In upstream mode only `state` exists.
import type { ModelInfo, Tier } from '@using-ai/core';
import { createErrorBody } from '@using-ai/core/server';
import { isSpeedName, SPEEDS, type SpeedName } from './speeds.ts';

export const DEMO_FAULTS = [
  'rate_limit',
  'server_error',
  'drop_mid_stream',
  'stall',
  'schema_mismatch',
] as const;
export type DemoFault = (typeof DEMO_FAULTS)[number];

const TIERS: readonly Tier[] = ['standard', 'donator', 'supermaxes'];

export interface DemoControls {
  mode: 'emulator' | 'upstream';
  /** The tier of the key the proxy currently sends (null when unknown: a real key). */
  getTier(): Tier | null;
  setTier?(tier: Tier): void;
  /** The emulator's origin, e.g. http://127.0.0.1:41234 (emulator mode only). */
  mockUrl?: string;
  getSpeed?(): SpeedName;
  /** Whether the proxy sends a deliberately wrong key (to show the 401 banner). */
  getKeyBroken?(): boolean;
  setKeyBroken?(broken: boolean): void;
  setSpeed?(speed: SpeedName): void;
  /** Called after the emulator was reset (rate-limit windows, faults and pace back to their start). */
  onReset?(): void;
  /**
   * The emulator's catalog, served at `GET /__demo/models`. The emulator counts every request against
   * the key's window, `/v1/models` included; reading the catalog here keeps the page's meter for the
   * messages the visitor sends. Without it (upstream mode) that path is 404 and the page asks the API.
   */
  models?: readonly ModelInfo[];
}

export interface DemoState {
  mode: 'emulator' | 'upstream';
  tier: Tier | null;
  speed: SpeedName | null;
  /** The proxy sends an invalid key on purpose (developer panel), so every request gets a 401. */
  keyBroken: boolean;
  faults: { fault: string; remaining: number | null }[];
}

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });

const error = (status: number, type: string, message: string): Response =>
  json(status, createErrorBody(type, message));

async function readJson(request: Request): Promise<Record<string, unknown> | null> {
  try {
    const value: unknown = JSON.parse((await request.text()) || '{}');
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

async function mockCall(controls: DemoControls, path: string, body?: unknown): Promise<Response> {
  return fetch(`${controls.mockUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function state(controls: DemoControls): Promise<DemoState> {
  let faults: DemoState['faults'] = [];
  if (controls.mode === 'emulator' && controls.mockUrl) {
    const response = await mockCall(controls, '/__mock/faults');
    if (response.ok) faults = ((await response.json()) as { faults: DemoState['faults'] }).faults;
  }
  return {
    mode: controls.mode,
    tier: controls.getTier(),
    speed: controls.getSpeed?.() ?? null,
    keyBroken: controls.getKeyBroken?.() ?? false,
    faults,
  };
}

/** Returns `null` for paths it does not own, so the caller can pass the request on. */
export function createDemoEndpoints(controls: DemoControls, base = '/__demo') {
  return async function handle(request: Request): Promise<Response | null> {
    const { pathname } = new URL(request.url);
    if (!pathname.startsWith(`${base}/`)) return null;
    const action = pathname.slice(base.length + 1);
    const method = request.method.toUpperCase();

    if (action === 'state') {
      if (method !== 'GET') return error(405, 'method_not_allowed', 'Use GET.');
      return json(200, await state(controls));
    }
    if (action === 'models' && controls.models) {
      if (method !== 'GET') return error(405, 'method_not_allowed', 'Use GET.');
      return json(200, { object: 'list', data: controls.models });
    }
    if (controls.mode !== 'emulator') {
      return error(404, 'not_found', 'The developer panel only works with the embedded emulator.');
    }
    if (!['tier', 'key', 'faults', 'speed', 'reset'].includes(action)) {
      return error(404, 'not_found', `Unknown demo endpoint ${pathname}.`);
    }
    if (method !== 'POST') return error(405, 'method_not_allowed', 'Use POST.');
    const body = await readJson(request);
    if (!body) return error(400, 'invalid_request_error', 'The body must be a JSON object.');

    if (action === 'tier') {
      const tier = body.tier;
      if (typeof tier !== 'string' || !(TIERS as readonly string[]).includes(tier)) {
        return error(400, 'invalid_request_error', `tier must be one of ${TIERS.join(', ')}.`);
      }
      controls.setTier?.(tier as Tier);
    } else if (action === 'key') {
      if (typeof body.broken !== 'boolean')
        return error(400, 'invalid_request_error', 'broken must be a boolean.');
      controls.setKeyBroken?.(body.broken);
    } else if (action === 'faults') {
      const { fault, times = 1 } = body;
      if (typeof fault !== 'string' || !(DEMO_FAULTS as readonly string[]).includes(fault)) {
        return error(400, 'invalid_request_error', `fault must be one of ${DEMO_FAULTS.join(', ')}.`);
      }
      if (typeof times !== 'number' || !Number.isInteger(times) || times < 1 || times > 100) {
        return error(400, 'invalid_request_error', 'times must be an integer from 1 to 100.');
      }
      const response = await mockCall(controls, '/__mock/faults', { fault, times });
      if (!response.ok)
        return error(502, 'upstream_error', `The emulator refused the fault (${response.status}).`);
    } else if (action === 'speed') {
      const speed = body.speed;
      if (!isSpeedName(speed)) {
        return error(400, 'invalid_request_error', `speed must be one of ${Object.keys(SPEEDS).join(', ')}.`);
      }
      const response = await mockCall(controls, '/__mock/config', SPEEDS[speed]);
      if (!response.ok)
        return error(502, 'upstream_error', `The emulator refused the pace (${response.status}).`);
      controls.setSpeed?.(speed);
    } else {
      const response = await mockCall(controls, '/__mock/reset', {});
      if (!response.ok)
        return error(502, 'upstream_error', `The emulator refused the reset (${response.status}).`);
      controls.onReset?.();
    }
    return json(200, await state(controls));
  };
}
