// The error contract over real HTTP with plain fetch: every status, the one error shape, and the
// rate-limit headers on every response.
import { isApiErrorBody } from '@using-ai/core/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../src/index';
import { chatRequest, KEYS, RATE_HEADERS } from './support';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ maxBodyBytes: 1_048_576 });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const ok = { model: 'haiku-4.5', messages: [{ role: 'user', content: 'hi' }] };

async function expectError(response: Response, status: number, type: string) {
  expect(response.status).toBe(status);
  for (const name of RATE_HEADERS) expect(response.headers.get(name), name).toMatch(/^\d+$/);
  const body = await response.json();
  expect(isApiErrorBody(body)).toBe(true);
  expect(body.error.type).toBe(type);
  expect(body.error.message.length).toBeGreaterThan(5);
  return body.error as { type: string; message: string; param?: string };
}

describe('errors', () => {
  it('401 without a key and with an unknown key', async () => {
    await expectError(await chatRequest(server.baseURL, ok, { key: null }), 401, 'authentication_error');
    await expectError(
      await chatRequest(server.baseURL, ok, { key: 'sk-test-nope' }),
      401,
      'authentication_error',
    );
    const models = await fetch(`${server.baseURL}/models`);
    await expectError(models, 401, 'authentication_error');
  });

  it('403 tier_forbidden names the tier, for each tier boundary', async () => {
    const a = await expectError(
      await chatRequest(server.baseURL, { ...ok, model: 'opus-4.5' }, { key: KEYS.donator }),
      403,
      'tier_forbidden',
    );
    expect(a.message).toBe('opus-4.5 requires the SuperMaxes tier. Upgrade at using.ai/pricing.');
    const b = await expectError(
      await chatRequest(server.baseURL, { ...ok, model: 'sonnet-4.5-thinking' }, { key: KEYS.standard }),
      403,
      'tier_forbidden',
    );
    expect(b.message).toBe('sonnet-4.5-thinking requires the Donator tier. Upgrade at using.ai/pricing.');
    // Lower tiers are allowed.
    expect(
      (await chatRequest(server.baseURL, { ...ok, model: 'haiku-4.5' }, { key: KEYS.donator })).status,
    ).toBe(200);
  });

  it('400 for invalid JSON and each invalid field, naming the param', async () => {
    await expectError(await chatRequest(server.baseURL, '{"model": '), 400, 'invalid_request_error');
    await expectError(await chatRequest(server.baseURL, '[1,2]'), 400, 'invalid_request_error');
    const cases: Array<[unknown, string]> = [
      [{ messages: ok.messages }, 'model'],
      [{ ...ok, model: 42 }, 'model'],
      [{ model: 'haiku-4.5' }, 'messages'],
      [{ ...ok, messages: [] }, 'messages'],
      [{ ...ok, messages: [{ role: 'robot', content: 'x' }] }, 'messages[0].role'],
      [{ ...ok, messages: [{ role: 'user' }] }, 'messages[0].content'],
      [{ ...ok, messages: [{ role: 'user', content: 5 }] }, 'messages[0].content'],
      [{ ...ok, messages: [{ role: 'tool', content: 'x' }] }, 'messages[0].tool_call_id'],
      [{ ...ok, temperature: 2.5 }, 'temperature'],
      [{ ...ok, temperature: 'hot' }, 'temperature'],
      [{ ...ok, max_tokens: 0 }, 'max_tokens'],
      [{ ...ok, max_tokens: 1.5 }, 'max_tokens'],
      [{ ...ok, stream: 'yes' }, 'stream'],
    ];
    for (const [body, param] of cases) {
      const error = await expectError(await chatRequest(server.baseURL, body), 400, 'invalid_request_error');
      expect(error.param, JSON.stringify(body)).toBe(param);
    }
  });

  it('404 for an unknown model and an unknown path', async () => {
    const model = await expectError(
      await chatRequest(server.baseURL, { ...ok, model: 'gpt-99' }),
      404,
      'not_found',
    );
    expect(model.message).toContain('gpt-99');
    await expectError(await fetch(`${server.url}/v2/anything`), 404, 'not_found');
    const one = await fetch(`${server.baseURL}/models/nope`, {
      headers: { authorization: `Bearer ${KEYS.standard}` },
    });
    await expectError(one, 404, 'not_found');
  });

  it('405 for a wrong method, with Allow', async () => {
    const get = await fetch(`${server.baseURL}/chat/completions`, {
      headers: { authorization: `Bearer ${KEYS.standard}` },
    });
    expect(get.headers.get('allow')).toBe('POST');
    await expectError(get, 405, 'method_not_allowed');
    await expectError(
      await fetch(`${server.baseURL}/models`, { method: 'POST', body: '{}' }),
      405,
      'method_not_allowed',
    );
  });

  it('413 for a body over 1 MB, and the server keeps serving', async () => {
    const big = { ...ok, messages: [{ role: 'user', content: 'x'.repeat(1_100_000) }] };
    await expectError(await chatRequest(server.baseURL, big), 413, 'request_too_large');
    // Just under the limit is accepted.
    const fits = { ...ok, messages: [{ role: 'user', content: 'y'.repeat(1_000_000) }] };
    expect((await chatRequest(server.baseURL, fits)).status).toBe(200);
  });

  it('400 for an unknown X-Mock-Fault', async () => {
    const error = await expectError(
      await chatRequest(server.baseURL, ok, { headers: { 'x-mock-fault': 'meteor' } }),
      400,
      'invalid_request_error',
    );
    expect(error.message).toContain('meteor');
  });
});

describe('success responses', () => {
  it('carry rate-limit headers and count down per key', async () => {
    const first = await chatRequest(server.baseURL, ok, { key: KEYS.standard });
    const second = await chatRequest(server.baseURL, ok, { key: KEYS.standard });
    const other = await chatRequest(server.baseURL, ok, { key: KEYS.supermaxes });
    expect(first.headers.get('x-ratelimit-limit')).toBe('60');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('59');
    expect(second.headers.get('x-ratelimit-remaining')).toBe('58');
    expect(other.headers.get('x-ratelimit-limit')).toBe('300');
    expect(other.headers.get('x-ratelimit-remaining')).toBe('299');
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBe(60);
    expect(first.headers.get('x-request-id')).not.toBe(second.headers.get('x-request-id'));
  });

  it('GET /v1/models/{id} returns one model', async () => {
    const res = await fetch(`${server.baseURL}/models/opus-4.5`, {
      headers: { authorization: `Bearer ${KEYS.standard}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: 'opus-4.5',
      object: 'model',
      tier: 'supermaxes',
      kind: 'chat',
    });
  });

  it('answers CORS preflights and exposes the rate-limit headers', async () => {
    const res = await fetch(`${server.baseURL}/chat/completions`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://example.test',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
    for (const name of RATE_HEADERS) expect(res.headers.get(name)).toMatch(/^\d+$/);
    const real = await chatRequest(server.baseURL, ok);
    expect(real.headers.get('access-control-expose-headers')).toContain('X-RateLimit-Remaining');
  });
});
