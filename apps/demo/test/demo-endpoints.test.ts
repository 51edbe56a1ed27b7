import type { Tier } from '@using-ai/core';
import { catalog, type MockServer, startMockServer } from '@using-ai/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoEndpoints } from '../server/demo-endpoints';
import type { SpeedName } from '../server/speeds';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ port: 0 });
});
afterAll(async () => {
  await mock?.close();
});

function emulatorEndpoints() {
  const state = { tier: 'standard' as Tier, speed: 'normal' as SpeedName, broken: false, resets: 0 };
  const handle = createDemoEndpoints({
    mode: 'emulator',
    mockUrl: mock.url,
    getTier: () => state.tier,
    setTier: (t) => {
      state.tier = t;
    },
    getSpeed: () => state.speed,
    setSpeed: (s) => {
      state.speed = s;
    },
    getKeyBroken: () => state.broken,
    setKeyBroken: (b) => {
      state.broken = b;
    },
    onReset: () => {
      state.resets++;
    },
  });
  const post = (path: string, body: unknown) =>
    handle(new Request(`http://demo${path}`, { method: 'POST', body: JSON.stringify(body) }));
  return { state, handle, post };
}

describe('/__demo endpoints', () => {
  it('ignores paths it does not own', async () => {
    const { handle } = emulatorEndpoints();
    expect(await handle(new Request('http://demo/api/using-ai/models'))).toBeNull();
  });

  it('reports state and forwards faults, pace and reset to the emulator', async () => {
    const { state, handle, post } = emulatorEndpoints();
    const initial = await (await handle(new Request('http://demo/__demo/state')))!.json();
    expect(initial).toEqual({
      mode: 'emulator',
      tier: 'standard',
      speed: 'normal',
      keyBroken: false,
      faults: [],
    });

    expect((await post('/__demo/tier', { tier: 'supermaxes' }))!.status).toBe(200);
    expect(state.tier).toBe('supermaxes');
    expect((await post('/__demo/key', { broken: true }))!.status).toBe(200);
    expect(state.broken).toBe(true);

    const faulted = await (await post('/__demo/faults', { fault: 'server_error', times: 2 }))!.json();
    expect(faulted.faults).toEqual([{ fault: 'server_error', remaining: 2 }]);
    expect(mock.pendingFaults()).toEqual([{ fault: 'server_error', remaining: 2 }]);

    await post('/__demo/speed', { speed: 'slow' });
    expect(state.speed).toBe('slow');
    expect((await (await fetch(`${mock.url}/__mock/config`)).json()).tokensPerSecond).toBe(12);

    await post('/__demo/reset', {});
    expect(state.resets).toBe(1);
    expect(mock.pendingFaults()).toEqual([]);
  });

  it('refuses bad input in the API error shape', async () => {
    const { post, handle } = emulatorEndpoints();
    const cases: [Response | null, number, string][] = [
      [await post('/__demo/tier', { tier: 'gold' }), 400, 'invalid_request_error'],
      [await post('/__demo/faults', { fault: 'html_502' }), 400, 'invalid_request_error'],
      [await post('/__demo/faults', { fault: 'stall', times: 0 }), 400, 'invalid_request_error'],
      [await post('/__demo/speed', { speed: 'ludicrous' }), 400, 'invalid_request_error'],
      [await post('/__demo/key', { broken: 'yes' }), 400, 'invalid_request_error'],
      [await post('/__demo/nope', {}), 404, 'not_found'],
      [await handle(new Request('http://demo/__demo/tier')), 405, 'method_not_allowed'],
      [
        await handle(new Request('http://demo/__demo/tier', { method: 'POST', body: '{oops' })),
        400,
        'invalid_request_error',
      ],
    ];
    for (const [response, status, type] of cases) {
      expect(response!.status).toBe(status);
      const body = await response!.json();
      expect(body.error.type).toBe(type);
      expect(typeof body.error.message).toBe('string');
    }
  });

  it('in upstream mode only state exists', async () => {
    const handle = createDemoEndpoints({ mode: 'upstream', getTier: () => null });
    expect(await (await handle(new Request('http://demo/__demo/state')))!.json()).toEqual({
      mode: 'upstream',
      tier: null,
      speed: null,
      keyBroken: false,
      faults: [],
    });
    const refused = await handle(
      new Request('http://demo/__demo/tier', { method: 'POST', body: '{"tier":"donator"}' }),
    );
    expect(refused!.status).toBe(404);
    // No catalog here: the page asks the API through the proxy instead.
    expect((await handle(new Request('http://demo/__demo/models')))!.status).toBe(404);
  });

  it('serves the emulator catalog it was given at GET /__demo/models', async () => {
    const handle = createDemoEndpoints({
      mode: 'emulator',
      mockUrl: mock.url,
      getTier: () => 'standard',
      models: catalog,
    });
    const response = (await handle(new Request('http://demo/__demo/models')))!;
    expect(response.status).toBe(200);
    expect((await response.json()).data.map((m: { id: string }) => m.id)).toEqual(catalog.map((m) => m.id));
    const posted = await handle(new Request('http://demo/__demo/models', { method: 'POST', body: '{}' }));
    expect(posted!.status).toBe(405);
  });
});
