// @using-ai/mock/testing in Node: lifecycle without hooks, the hooks it registers, MSW mode, and the
// emulator's url before and after listen().
import { afterAll, describe, expect, it } from 'vitest';
import { connectUsingAiMock, setupUsingAiMock, type TestHook } from '../src/testing';

const body = JSON.stringify({ model: 'haiku-4.5', messages: [{ role: 'user', content: 'hi' }] });

describe('setupUsingAiMock', () => {
  const manual = setupUsingAiMock({ hooks: false });
  afterAll(() => manual.close());

  it('server mode: url only once listening, listen() idempotent, a real server answering', async () => {
    expect(() => manual.url).toThrow(/listen\(\)/);
    await Promise.all([manual.listen(), manual.listen()]);
    expect(manual.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    manual.script({ text: 'Scripted.' });
    const res = await fetch(`${manual.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { ...manual.headers, 'content-type': 'application/json' },
      body,
    });
    expect((await res.json()).choices[0].message.content).toBe('Scripted.');
    expect(manual.requests()).toHaveLength(1);
    expect(manual.requests()[0]?.apiKey).toBe(manual.apiKey);
    manual.reset();
    expect(manual.requests()).toEqual([]);
  });

  it('close() stops the server and a later listen() starts a new one', async () => {
    await manual.listen();
    const first = manual.url;
    await manual.close();
    await manual.close();
    await expect(fetch(`${first}/v1/models`)).rejects.toThrow();
    await manual.listen();
    const res = await fetch(`${manual.baseURL}/models`, { headers: manual.headers });
    expect(res.status).toBe(200);
  });

  it('registers listen, reset and close on the hooks it is given', async () => {
    const registered: Record<string, () => unknown> = {};
    const hook =
      (name: string): TestHook =>
      (fn) => {
        registered[name] = fn;
      };
    const mock = setupUsingAiMock({
      hooks: { beforeAll: hook('beforeAll'), afterEach: hook('afterEach'), afterAll: hook('afterAll') },
    });
    expect(Object.keys(registered).sort()).toEqual(['afterAll', 'afterEach', 'beforeAll']);
    await registered.beforeAll?.();
    expect(mock.url).toMatch(/^http:/);
    mock.inject('server_error');
    await registered.afterEach?.();
    expect(mock.handler.pendingFaults()).toEqual([]);
    await registered.afterAll?.();
    expect(() => mock.url).toThrow();
  });

  it('msw mode: intercepts the origin in this process, no server', async () => {
    const mock = setupUsingAiMock({ mode: 'msw', hooks: false, mswOrigin: 'https://llm.example.test' });
    await mock.listen();
    try {
      expect(mock.baseURL).toBe('https://llm.example.test/v1');
      mock.script({ text: 'From MSW.' });
      const res = await fetch(`${mock.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { ...mock.headers, 'content-type': 'application/json' },
        body,
      });
      expect((await res.json()).choices[0].message.content).toBe('From MSW.');
      expect(mock.requests()[0]?.outcome).toBe('completed');
    } finally {
      await mock.close();
    }
  });
});

describe('connectUsingAiMock', () => {
  it('drives an emulator over HTTP: script, inject, configure, requests, reset', async () => {
    const server = setupUsingAiMock({ hooks: false });
    await server.listen();
    try {
      const remote = connectUsingAiMock(`${server.url}/v1`);
      expect(remote.baseURL).toBe(server.baseURL);
      await remote.script({ text: 'Remote script.' });
      await remote.inject('server_error', { times: Number.POSITIVE_INFINITY });
      expect(server.handler.pendingFaults()[0]?.remaining).toBe(Number.POSITIVE_INFINITY);
      expect((await remote.configure({ ttftMs: 5 })).ttftMs).toBe(5);
      const res = await fetch(`${remote.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { ...server.headers, 'content-type': 'application/json' },
        body,
      });
      // The scripted answer has no fault of its own, so the injected one applies.
      expect(res.status).toBe(500);
      const [request] = await remote.requests();
      expect(request).toMatchObject({ fault: 'server_error', status: 500, outcome: 'error' });
      await remote.reset();
      expect(await remote.requests()).toEqual([]);
      await expect(remote.inject('nope' as never)).rejects.toThrow(/Unknown fault/);
    } finally {
      await server.close();
    }
  });
});
