// Every fault, by header and by server.inject() (the control endpoints: admin-endpoints.test.ts).
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FAULTS, type MockServer, startMockServer } from '../src/index';
import { chatRequest, chunksOf, contentOf, KEYS, RATE_HEADERS, readSse } from './support';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ slowHeadersMs: 60_000 });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const body = {
  model: 'sonnet-4.5',
  messages: [{ role: 'user' as const, content: 'Tell me about rivers in Europe.' }],
};
const stream = { ...body, stream: true };
const fault = (name: string) => ({ headers: { 'x-mock-fault': name } });

/** A promise's state without waiting for it. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  // One full request/response round trip to the same server happens after the probe was registered.
  await (await chatRequest(server.baseURL, body)).text();
  return done;
}

describe('faults by header', () => {
  it('rate_limit: 429 with Retry-After and Remaining 0', async () => {
    for (const b of [body, stream]) {
      const res = await chatRequest(server.baseURL, b, fault('rate_limit'));
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(res.headers.get('x-ratelimit-reset')).toBe('1');
      expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
      expect((await res.json()).error.type).toBe('rate_limit_exceeded');
    }
  });

  it('server_error: 500 server_error', async () => {
    const res = await chatRequest(server.baseURL, stream, fault('server_error'));
    expect(res.status).toBe(500);
    expect((await res.json()).error.type).toBe('server_error');
  });

  it('html_502: an HTML body with rate-limit headers', async () => {
    const res = await chatRequest(server.baseURL, body, fault('html_502'));
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toContain('text/html');
    for (const name of RATE_HEADERS) expect(res.headers.get(name)).toMatch(/^\d+$/);
    expect(await res.text()).toContain('502 Bad Gateway');
  });

  it('also apply to /v1/models', async () => {
    const res = await fetch(`${server.baseURL}/models`, {
      headers: { authorization: `Bearer ${KEYS.standard}`, 'x-mock-fault': 'server_error' },
    });
    expect(res.status).toBe(500);
  });

  it('drop_mid_stream: some chunks, then the connection is cut', async () => {
    const read = await readSse(await chatRequest(server.baseURL, stream, fault('drop_mid_stream')));
    expect(read.error).toBeDefined();
    expect(read.data).not.toContain('[DONE]');
    const chunks = chunksOf(read);
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    expect(contentOf(read).length).toBeGreaterThan(0);
    expect(chunks.some((c) => c.choices[0]?.finish_reason)).toBe(false);

    const res = await chatRequest(server.baseURL, body, fault('drop_mid_stream'));
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it('malformed_chunk: one unparseable event, the rest intact', async () => {
    const clean = await readSse(await chatRequest(server.baseURL, stream));
    const read = await readSse(await chatRequest(server.baseURL, stream, fault('malformed_chunk')));
    expect(read.error).toBeUndefined();
    expect(read.data.at(-1)).toBe('[DONE]');
    const bad = read.data.filter((d) => {
      try {
        JSON.parse(d === '[DONE]' ? '0' : d);
        return false;
      } catch {
        return true;
      }
    });
    expect(bad).toHaveLength(1);
    expect(read.data.length).toBe(clean.data.length + 1);

    const res = await chatRequest(server.baseURL, body, fault('malformed_chunk'));
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow();
  });

  it('missing_done: a complete stream without [DONE]', async () => {
    const read = await readSse(await chatRequest(server.baseURL, stream, fault('missing_done')));
    expect(read.error).toBeUndefined();
    expect(read.data).not.toContain('[DONE]');
    expect(chunksOf(read).at(-1)?.choices[0]?.finish_reason).toBe('stop');
  });

  it('error_event: an error object mid-stream, then the end', async () => {
    const read = await readSse(await chatRequest(server.baseURL, stream, fault('error_event')));
    expect(read.error).toBeUndefined();
    expect(read.data).not.toContain('[DONE]');
    const last = chunksOf(read).at(-1);
    expect(last?.error?.type).toBe('server_error');
    expect(contentOf({ ...read, data: read.data.slice(0, -1) }).length).toBeGreaterThan(0);

    const openai = new OpenAI({ apiKey: KEYS.supermaxes, baseURL: server.baseURL, maxRetries: 0 });
    const events = await openai.chat.completions.create(
      { ...body, stream: true },
      { headers: fault('error_event').headers },
    );
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of events) seen.push(chunk.choices[0]?.delta.content ?? '');
      })(),
    ).rejects.toThrow(/mid-stream/);
    expect(seen.join('').length).toBeGreaterThan(0);

    const res = await chatRequest(server.baseURL, body, fault('error_event'));
    expect(res.status).toBe(500);
  });

  it('stall: some chunks, then silence until the client leaves', async () => {
    const controller = new AbortController();
    const res = await chatRequest(server.baseURL, stream, { ...fault('stall'), signal: controller.signal });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('"content":"')) text += (await reader.read()).value ?? '';
    // Drain what was sent before the stall, then the next read must hang.
    let next = reader.read();
    while (await settled(next)) {
      const { value, done } = await next;
      expect(done).toBe(false);
      text += value;
      next = reader.read();
    }
    expect(text).not.toContain('[DONE]');
    expect(server.handler.openStreams).toBe(1);
    controller.abort();
    await expect(next).rejects.toThrow();
    await vi.waitFor(() => expect(server.handler.openStreams).toBe(0));
  });

  it('stall without streaming: no response until the client leaves', async () => {
    const controller = new AbortController();
    const pending = chatRequest(server.baseURL, body, { ...fault('stall'), signal: controller.signal });
    expect(await settled(pending)).toBe(false);
    await vi.waitFor(() => expect(server.handler.openStreams).toBe(1));
    controller.abort();
    await expect(pending).rejects.toThrow();
    await vi.waitFor(() => expect(server.handler.openStreams).toBe(0));
  });

  it('slow_headers: the response is held for slowHeadersMs', async () => {
    const controller = new AbortController();
    const pending = chatRequest(server.baseURL, body, {
      ...fault('slow_headers'),
      signal: controller.signal,
    });
    expect(await settled(pending)).toBe(false);
    controller.abort();
    await expect(pending).rejects.toThrow();

    server.configure({ slowHeadersMs: 1 });
    const res = await chatRequest(server.baseURL, stream, fault('slow_headers'));
    expect(res.status).toBe(200);
    expect((await readSse(res)).data.at(-1)).toBe('[DONE]');
  });
});

describe('injected faults', () => {
  it('server.inject(fault, { times }) hits the next N chat requests, then stops', async () => {
    server.inject('server_error', { times: 2 });
    expect(server.pendingFaults()).toEqual([{ fault: 'server_error', remaining: 2 }]);
    // An invalid request does not use up the fault.
    expect((await chatRequest(server.baseURL, { model: 'haiku-4.5', messages: [] })).status).toBe(400);
    expect((await chatRequest(server.baseURL, body)).status).toBe(500);
    expect((await chatRequest(server.baseURL, body)).status).toBe(500);
    expect((await chatRequest(server.baseURL, body)).status).toBe(200);
    expect(server.pendingFaults()).toEqual([]);
  });

  it('queues several faults in order; the header wins over the queue', async () => {
    server.inject('rate_limit');
    server.inject('html_502');
    expect((await chatRequest(server.baseURL, body, fault('server_error'))).status).toBe(500);
    expect((await chatRequest(server.baseURL, body)).status).toBe(429);
    expect((await chatRequest(server.baseURL, body)).status).toBe(502);
    expect((await chatRequest(server.baseURL, body)).status).toBe(200);
  });

  it('rejects unknown faults and bad counts', () => {
    expect(() => server.inject('meteor' as never)).toThrow(TypeError);
    expect(() => server.inject('stall', { times: 0 })).toThrow(TypeError);
    server.inject('stall', { times: Number.POSITIVE_INFINITY });
    expect(server.pendingFaults()[0]?.remaining).toBe(Number.POSITIVE_INFINITY);
    server.clearFaults();
    expect(server.pendingFaults()).toEqual([]);
  });

  it('lists every documented fault', () => {
    expect([...FAULTS].sort()).toEqual(
      [
        'rate_limit',
        'server_error',
        'drop_mid_stream',
        'stall',
        'malformed_chunk',
        'missing_done',
        'html_502',
        'slow_headers',
        'error_event',
        'schema_mismatch',
        'invalid_tool_args',
      ].sort(),
    );
  });
});
