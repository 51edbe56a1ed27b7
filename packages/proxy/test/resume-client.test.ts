// The core client resuming through the proxy, over real HTTP against the emulator: the connection to the
// proxy is cut at a random byte offset, the client reconnects with Last-Event-ID, and the consumer sees
// the same chunks and the same final message as an uninterrupted run. Plus resumeStream and Stop.
import { type ChatCompletionChunk, type ChatCompletionRequest, createClient } from '@using-ai/core';
import { type MockServer, startMockServer } from '@using-ai/mock';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Served, serveProxy } from './support/serve';

let mock: MockServer;
let served: Served;
let baseURL: string;
beforeAll(async () => {
  mock = await startMockServer({ rateLimit: false });
  served = await serveProxy({ apiKey: 'sk-test-supermaxes', upstream: mock.url });
  baseURL = `${served.origin}/api/using-ai`;
});
afterAll(async () => {
  await served.close();
  await mock.close();
});

const request: ChatCompletionRequest = {
  model: 'sonnet-4.5-thinking',
  messages: [{ role: 'user', content: 'Explain tides briefly.' }],
  max_tokens: 40,
  seed: 3,
};

/** A fetch whose first POST response body breaks, like a dropped connection, after `cutAt` bytes. */
function cuttingFetch(cutAt: number): typeof fetch {
  let armed = true;
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!armed || init?.method !== 'POST' || !response.body) return response;
    armed = false;
    const reader = response.body.getReader();
    let seen = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) return controller.close();
        const room = cutAt - seen;
        seen += value.length;
        if (value.length < room) return controller.enqueue(value);
        if (room > 0) controller.enqueue(value.subarray(0, room));
        // The socket to the proxy goes away too: the proxy sees the client leave mid-stream.
        await reader.cancel();
        controller.error(new TypeError('network error'));
      },
      cancel: (reason) => reader.cancel(reason),
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
}

/** Text, reasoning and tool fragments of each chunk: what "no token lost or repeated" is about. */
const tokens = (chunks: ChatCompletionChunk[]) =>
  chunks.map((c) => {
    const delta = c.choices[0]?.delta;
    return `${delta?.content ?? ''}|${delta?.reasoning_content ?? delta?.reasoning ?? ''}|${c.choices[0]?.finish_reason ?? ''}`;
  });

async function run(fetchImpl: typeof fetch) {
  const client = createClient({ baseURL, fetch: fetchImpl, retryDelay: { baseMs: 1, maxMs: 5 } });
  const reasons: string[] = [];
  const stream = client.stream(request, { onRetry: (event) => reasons.push(event.reason) });
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  const message = await stream.final();
  return { chunks, message, reasons, stream };
}

describe('the core client resumes through the proxy', () => {
  it('property: a cut at any byte offset loses and repeats no token (200 runs)', async () => {
    const baseline = await run(fetch);
    const bytes = await (
      await fetch(`${baseURL}/chat/completions/${baseline.stream.streamId}`)
    ).arrayBuffer();
    expect(baseline.message.content.length).toBeGreaterThan(0);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: bytes.byteLength - 1 }), async (cutAt) => {
        const cut = await run(cuttingFetch(cutAt));
        expect(tokens(cut.chunks)).toEqual(tokens(baseline.chunks));
        const { id: _a, ...message } = cut.message;
        const { id: _b, ...expected } = baseline.message;
        expect(message).toEqual(expected);
        // One POST, then resumes; never a second completion.
        expect(cut.reasons.every((reason) => reason === 'resume')).toBe(true);
      }),
      { numRuns: 200 },
    );
  }, 120_000);

  it('client.resumeStream attaches from another client and reads the rest', async () => {
    const first = createClient({ baseURL }).stream(request);
    const streamId = await new Promise<string>((resolve) => {
      const unsubscribe = first.subscribe(() => {
        if (first.streamId && first.lastEventId === '3') {
          unsubscribe();
          resolve(first.streamId);
        }
      });
    });
    const other = createClient({ baseURL }).resumeStream(streamId, { lastEventId: '3' });
    const [whole, rest] = await Promise.all([first.final(), other.final()]);
    expect(whole.content.endsWith(rest.content)).toBe(true);
    expect(rest.finishReason).toBe(whole.finishReason);
    const replayed = await createClient({ baseURL }).resumeStream(streamId).final();
    expect(replayed).toEqual(whole);
  });

  it('abort() stops the model: the emulator sees the request cancelled', async () => {
    mock.configure({ tokensPerSecond: 20 });
    try {
      const stream = createClient({ baseURL }).stream({ ...request, max_tokens: 2000 });
      await new Promise<void>((resolve) => {
        const unsubscribe = stream.subscribe(() => {
          unsubscribe();
          resolve();
        });
      });
      stream.abort();
      expect((await stream.final()).finishReason).toBe('aborted');
      await expect.poll(() => mock.requests().at(-1)?.outcome).toBe('cancelled');
    } finally {
      mock.configure({ tokensPerSecond: 0 });
    }
  });

  it('abort() before the response headers (no stream id yet) still stops the model, with no DELETE to send', async () => {
    // The emulator holds the headers for 2 s: the client stops while nobody knows the stream's id yet.
    mock.inject('slow_headers');
    const methods: string[] = [];
    const watching: typeof fetch = (input, init) => {
      methods.push(init?.method ?? 'GET');
      return fetch(input, init);
    };
    const stream = createClient({ baseURL, fetch: watching }).stream(request);
    await expect
      .poll(() => mock.requests().length > 0 && mock.requests().at(-1)?.outcome === 'pending')
      .toBe(true);
    stream.abort();
    expect((await stream.final()).finishReason).toBe('aborted');
    // The proxy ties upstream to the client until the headers: the client leaving cancels it.
    await expect.poll(() => mock.requests().at(-1)?.outcome).toBe('cancelled');
    expect(methods).toEqual(['POST']);
  });
});
