// @vitest-environment jsdom
// The MSW 2 handlers in jsdom with a plain fetch: no server, same behaviour.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockHandler, handlers } from '../src/msw';
import { chatRequest, chunksOf, contentOf, readSse } from './support';

const shared = createMockHandler();
const api = setupServer(
  ...handlers({ handler: shared, baseURL: 'https://api.using.ai/v1' }),
  ...handlers({ baseURL: 'https://other.test/prefix' }),
);
const base = 'https://api.using.ai/v1';

beforeAll(() => api.listen({ onUnhandledRequest: 'error' }));
afterAll(() => api.close());
beforeEach(() => shared.reset());

describe('MSW handlers in jsdom', () => {
  it('runs in jsdom', () => {
    expect(typeof window).toBe('object');
    expect(typeof document.createElement).toBe('function');
  });

  it('answers a non-streaming completion with headers', async () => {
    const res = await chatRequest(base, {
      model: 'haiku-4.5',
      messages: [{ role: 'user', content: 'Say hello in one word.' }],
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-limit')).toBe('300');
    const body = await res.json();
    expect(body.object).toBe('chat.completion');
    expect(body.choices[0].message.content).toContain('Say hello in one word');
  });

  it('streams SSE that matches the non-streaming answer', async () => {
    const request = { model: 'deepseek-r2', messages: [{ role: 'user', content: 'Why is the sky blue?' }] };
    const res = await chatRequest(base, {
      ...request,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const read = await readSse(res);
    expect(read.data.at(-1)).toBe('[DONE]');
    const chunks = chunksOf(read);
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    expect(chunks[1]?.choices[0]?.delta.reasoning_content).toBeTruthy();
    const whole = await (await chatRequest(base, request)).json();
    expect(contentOf(read)).toBe(whole.choices[0].message.content);
    expect(chunks.at(-1)?.usage).toEqual(whole.usage);
  });

  it('returns errors in the API shape', async () => {
    const forbidden = await chatRequest(
      base,
      { model: 'opus-4.5', messages: [{ role: 'user', content: 'x' }] },
      { key: 'sk-test-standard' },
    );
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({
      error: {
        type: 'tier_forbidden',
        message: 'opus-4.5 requires the SuperMaxes tier. Upgrade at using.ai/pricing.',
        required_tier: 'supermaxes',
      },
    });
    const missing = await fetch(`${base}/models`);
    expect(missing.status).toBe(401);
  });

  it('shares state with the handler passed in: inject() and the control endpoints', async () => {
    shared.inject('server_error');
    const ok = { model: 'haiku-4.5', messages: [{ role: 'user', content: 'x' }] };
    expect((await chatRequest(base, ok)).status).toBe(500);
    await fetch('https://api.using.ai/__mock/faults', {
      method: 'POST',
      body: JSON.stringify({ fault: 'html_502' }),
    });
    expect((await chatRequest(base, ok)).status).toBe(502);
    expect((await chatRequest(base, ok)).status).toBe(200);
  });

  it('honours a base URL with a path prefix', async () => {
    const res = await fetch('https://other.test/prefix/v1/models', {
      headers: { authorization: 'Bearer sk-test-standard' },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).data).toHaveLength(15);
  });
});
