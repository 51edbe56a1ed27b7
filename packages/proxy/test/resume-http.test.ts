// Durable streams over real HTTP: the emulator upstream, the proxy on the Node adapter, plain fetch as
// the client. Ids on events, replay of finished streams, 404s, DELETE, disconnects, abandonment, owners.
import { type MockServer, startMockServer } from '@using-ai/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProxyOptions } from '../src/options';
import { type Served, serveProxy } from './support/serve';

let mock: MockServer;
const servers: Served[] = [];
beforeAll(async () => {
  // Paced, so a stream is still running while a test cuts, stops or leaves it.
  mock = await startMockServer({ tokensPerSecond: 200 });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await mock.close();
});

async function proxy(options: Partial<ProxyOptions> = {}): Promise<string> {
  const served = await serveProxy({ apiKey: 'sk-test-supermaxes', upstream: mock.url, ...options });
  servers.push(served);
  return `${served.origin}/api/using-ai/chat/completions`;
}

const post = (url: string, maxTokens = 30, init: RequestInit = {}) =>
  fetch(url, {
    method: 'POST',
    ...init,
    headers: { 'content-type': 'application/json', ...init.headers },
    body: JSON.stringify({
      model: 'haiku-4.5',
      messages: [{ role: 'user', content: 'Tell me about rivers.' }],
      max_tokens: maxTokens,
      stream: true,
      seed: 7,
    }),
  });

/** The SSE events of a body as [id, data] pairs. */
const events = (text: string) =>
  text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const id = /^id: (\d+)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      return [id === undefined ? null : Number(id), data] as const;
    });

/** Reads `count` events from a live body and returns the reader (to cancel or keep reading). */
async function readEvents(response: Response, count: number) {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (events(text).length < count + 1) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  return { reader, text };
}

const lastOutcome = () => mock.requests().at(-1)?.outcome;

describe('durable streams over HTTP', () => {
  it('gives every streamed completion an id and numbers every event, [DONE] included; nothing else changes', async () => {
    const durable = await post(await proxy());
    const plain = await post(await proxy({ resume: false }));
    expect(durable.headers.get('x-stream-id')).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(plain.headers.get('x-stream-id')).toBeNull();
    const [text, plainText] = await Promise.all([durable.text(), plain.text()]);
    const numbered = events(text);
    expect(numbered.map(([id]) => id)).toEqual(numbered.map((_, i) => i + 1));
    expect(numbered.at(-1)?.[1]).toBe('[DONE]');
    // Same seed, same answer: the bytes differ only by the id lines (and the per-request id/created).
    const normalize = (t: string) => t.replace(/"id":"[^"]+"|"created":\d+/g, '');
    expect(normalize(text.replace(/^id: \d+\n/gm, ''))).toBe(normalize(plainText));
  });

  it('replays a finished stream after Last-Event-ID, or from the start without it', async () => {
    const url = await proxy();
    const response = await post(url);
    const all = events(await response.text());
    const streamId = response.headers.get('x-stream-id');
    const after = await fetch(`${url}/${streamId}`, { headers: { 'last-event-id': '3' } });
    expect(after.status).toBe(200);
    expect(after.headers.get('content-type')).toContain('text/event-stream');
    expect(events(await after.text())).toEqual(all.slice(3));
    const whole = await fetch(`${url}/${streamId}`);
    expect(events(await whole.text())).toEqual(all);
  });

  it('answers 404 in the API error shape for unknown and malformed ids, on GET and DELETE', async () => {
    const url = await proxy();
    for (const [method, id] of [
      ['GET', 'AAAAAAAAAAAAAAAAAAAAAAAA'],
      ['DELETE', 'AAAAAAAAAAAAAAAAAAAAAAAA'],
      ['GET', 'not-an-id'],
    ] as const) {
      const response = await fetch(`${url}/${id}`, { method });
      expect(response.status).toBe(404);
      expect((await response.json()).error.type).toBe('not_found');
    }
    const bad = await post(url);
    await bad.text();
    const wrongId = await fetch(`${url}/${bad.headers.get('x-stream-id')}`, {
      headers: { 'last-event-id': 'x' },
    });
    expect(wrongId.status).toBe(400);
    expect((await wrongId.json()).error.type).toBe('invalid_request_error');
  });

  it('DELETE stops upstream, ends every reader, and keeps the events readable', async () => {
    const url = await proxy();
    const response = await post(url, 400);
    const streamId = response.headers.get('x-stream-id');
    const first = await readEvents(response, 3);
    const second = await readEvents(await fetch(`${url}/${streamId}`), 3);
    const stopped = await fetch(`${url}/${streamId}`, { method: 'DELETE' });
    expect(stopped.status).toBe(204);
    await expect.poll(lastOutcome).toBe('cancelled');
    // Both readers end (without [DONE]).
    for (const { reader } of [first, second]) {
      let result = await reader.read();
      while (!result.done) result = await reader.read();
    }
    const kept = events(await (await fetch(`${url}/${streamId}`)).text());
    expect(kept.length).toBeGreaterThanOrEqual(3);
    expect(kept.map(([, data]) => data)).not.toContain('[DONE]');
    expect((await fetch(`${url}/${streamId}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('a client that disconnects does not cancel upstream: the answer runs to its end and can be read', async () => {
    const url = await proxy();
    const controller = new AbortController();
    const response = await post(url, 60, { signal: controller.signal });
    const streamId = response.headers.get('x-stream-id');
    const { text } = await readEvents(response, 2);
    controller.abort();
    await expect.poll(lastOutcome).toBe('completed');
    const rest = events(await (await fetch(`${url}/${streamId}`)).text());
    expect(rest.at(-1)?.[1]).toBe('[DONE]');
    expect(rest.slice(0, 2)).toEqual(events(text).slice(0, 2));
  });

  it('aborts upstream when no reader has been attached for resume.abandonAfterMs', async () => {
    const url = await proxy({ resume: { abandonAfterMs: 100 } });
    const controller = new AbortController();
    const response = await post(url, 4000, { signal: controller.signal });
    await readEvents(response, 2);
    controller.abort();
    await expect.poll(lastOutcome, { timeout: 5000 }).toBe('cancelled');
    const streamId = response.headers.get('x-stream-id');
    // What was produced before stays readable.
    expect(events(await (await fetch(`${url}/${streamId}`)).text()).length).toBeGreaterThanOrEqual(2);
  });

  it('only the client authorize named may resume or stop its stream', async () => {
    const url = await proxy({ authorize: (request) => request.headers.get('x-user') ?? false });
    const alice = { 'x-user': 'alice' };
    const response = await post(url, 400, { headers: alice });
    const streamId = response.headers.get('x-stream-id');
    await readEvents(response, 2);
    const bob = { 'x-user': 'bob' };
    expect((await fetch(`${url}/${streamId}`, { headers: bob })).status).toBe(404);
    expect((await fetch(`${url}/${streamId}`, { method: 'DELETE', headers: bob })).status).toBe(404);
    expect((await fetch(`${url}/${streamId}`)).status).toBe(401);
    const own = await fetch(`${url}/${streamId}`, { headers: alice });
    expect(own.status).toBe(200);
    await own.body?.cancel();
    expect((await fetch(`${url}/${streamId}`, { method: 'DELETE', headers: alice })).status).toBe(204);
  });

  it('with resume: false the stream routes do not exist', async () => {
    const url = await proxy({ resume: false });
    const response = await fetch(`${url}/AAAAAAAAAAAAAAAAAAAAAAAA`);
    expect(response.status).toBe(404);
  });
});
