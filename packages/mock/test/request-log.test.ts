// The request log: what each chat-completion request carried and how it ended, through server.requests()
// and GET /__mock/requests.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type MockServer, startMockServer } from '../src/index';
import { chatRequest, KEYS, readSse } from './support';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ rateLimit: false });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const body = { model: 'haiku-4.5', messages: [{ role: 'user', content: 'Tell me about rivers.' }] };
const stream = { ...body, stream: true };
const last = () => server.requests().at(-1);

describe('request log', () => {
  it('records a completed stream: method, path, redacted headers, key, parsed body, status', async () => {
    const res = await chatRequest(server.baseURL, stream, {
      key: KEYS.standard,
      headers: { 'x-trace': 'abc' },
    });
    await readSse(res);
    await vi.waitFor(() => expect(last()?.outcome).toBe('completed'));
    const entry = last()!;
    expect(entry).toMatchObject({
      id: res.headers.get('x-request-id'),
      method: 'POST',
      path: '/v1/chat/completions',
      apiKey: KEYS.standard,
      tier: 'standard',
      body: stream,
      stream: true,
      fault: null,
      status: 200,
    });
    expect(entry.headers.authorization).toBe('Bearer [redacted]');
    expect(entry.headers['x-trace']).toBe('abc');
    expect(entry.endedAt).toBeGreaterThanOrEqual(entry.startedAt);
  });

  it('records a client that closes mid-stream as cancelled', async () => {
    server.configure({ tokensPerSecond: 20 });
    const controller = new AbortController();
    const res = await chatRequest(server.baseURL, stream, { signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read();
    expect(last()?.outcome).toBe('pending');
    controller.abort();
    await vi.waitFor(() => expect(last()?.outcome).toBe('cancelled'));
    expect(last()?.status).toBe(200);
  });

  it('records a cancelled body read (reader.cancel) as cancelled', async () => {
    server.configure({ tokensPerSecond: 20 });
    const res = await chatRequest(server.baseURL, stream);
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    await vi.waitFor(() => expect(last()?.outcome).toBe('cancelled'));
  });

  it('records refusals and broken streams as errors', async () => {
    await (await chatRequest(server.baseURL, body, { key: null })).text();
    expect(last()).toMatchObject({ status: 401, outcome: 'error', apiKey: null, body: null });

    await (await chatRequest(server.baseURL, body, { key: 'sk-not-a-key' })).text();
    expect(last()).toMatchObject({ status: 401, outcome: 'error', apiKey: null });
    expect(last()?.headers.authorization).toBe('Bearer [redacted]');
    // A key the emulator does not know may be a real one: it appears nowhere in the log.
    expect(JSON.stringify(server.requests())).not.toContain('sk-not-a-key');

    await (
      await chatRequest(server.baseURL, body, {
        headers: {
          'x-api-key': 'sk-real-1',
          cookie: 'theme=dark; session=sk-real-2',
          'proxy-authorization': 'Basic c2stcmVhbC0z',
        },
      })
    ).text();
    expect(last()?.headers).toMatchObject({
      'x-api-key': '[redacted]',
      cookie: '[redacted]',
      'proxy-authorization': 'Basic [redacted]',
    });
    expect(JSON.stringify(last())).not.toMatch(/sk-real|c2stcmVhbC0z/);

    await (await chatRequest(server.baseURL, '{not json')).text();
    expect(last()).toMatchObject({ status: 400, outcome: 'error', body: null });

    const invalid = { ...body, temperature: 9 };
    await (await chatRequest(server.baseURL, invalid)).text();
    expect(last()).toMatchObject({ status: 400, outcome: 'error', body: invalid });

    await readSse(
      await chatRequest(server.baseURL, stream, { headers: { 'x-mock-fault': 'drop_mid_stream' } }),
    );
    await vi.waitFor(() => expect(last()).toMatchObject({ fault: 'drop_mid_stream', outcome: 'error' }));

    server.inject('error_event');
    await readSse(await chatRequest(server.baseURL, stream));
    await vi.waitFor(() => expect(last()).toMatchObject({ fault: 'error_event', outcome: 'error' }));

    server.inject('server_error');
    await (await chatRequest(server.baseURL, body)).text();
    expect(last()).toMatchObject({ fault: 'server_error', status: 500, outcome: 'error' });
  });

  it('records non-streaming answers as completed, and only chat completions', async () => {
    await (await chatRequest(server.baseURL, body)).json();
    await fetch(`${server.baseURL}/models`, { headers: { authorization: `Bearer ${KEYS.standard}` } });
    expect(server.requests()).toHaveLength(1);
    expect(last()).toMatchObject({ stream: false, status: 200, outcome: 'completed' });
  });

  it('is served at GET /__mock/requests, emptied by DELETE and by reset', async () => {
    await (await chatRequest(server.baseURL, body)).json();
    const listed = await (await fetch(`${server.url}/__mock/requests`)).json();
    expect(listed.requests).toEqual(server.requests());
    expect(listed.requests[0].outcome).toBe('completed');
    const cleared = await (await fetch(`${server.url}/__mock/requests`, { method: 'DELETE' })).json();
    expect(cleared).toEqual({ requests: [] });
    await (await chatRequest(server.baseURL, body)).json();
    expect(server.requests()).toHaveLength(1);
    server.reset();
    expect(server.requests()).toEqual([]);
    const post = await fetch(`${server.url}/__mock/requests`, { method: 'POST' });
    expect(post.status).toBe(405);
  });

  it('keeps only the last requestLogLimit requests', async () => {
    const small = await startMockServer({ requestLogLimit: 2 });
    try {
      for (const content of ['one', 'two', 'three']) {
        await (await chatRequest(small.baseURL, { ...body, messages: [{ role: 'user', content }] })).json();
      }
      const contents = small.requests().map((r) => (r.body as typeof body).messages[0]?.content);
      expect(contents).toEqual(['two', 'three']);
    } finally {
      await small.close();
    }
  });

  it('records a stream that close() ends as an error', async () => {
    const other = await startMockServer({ tokensPerSecond: 5 });
    const res = await chatRequest(other.baseURL, stream);
    const reader = res.body!.getReader();
    await reader.read();
    await other.close();
    await reader.read().catch(() => {});
    await vi.waitFor(() => expect(other.requests()[0]?.outcome).toBe('error'));
  });
});
