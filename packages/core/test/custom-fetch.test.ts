// A `fetch` supplied by the app (a wrapper, an instrumented fetch, a test double) may ignore its
// signal. Timeouts and aborts must still end the wait for response headers.
import { type ChatCompletionRequest, createClient, TimeoutError } from '@using-ai/core';
import { describe, expect, it } from 'vitest';

const request: ChatCompletionRequest = { model: 'haiku-4.5', messages: [{ role: 'user', content: 'Hi' }] };

/** A fetch that never answers and never looks at its signal; counts its calls. */
function deafFetch() {
  const calls: RequestInit[] = [];
  const fetch = (_url: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push(init);
    return new Promise<Response>(() => {});
  };
  return { fetch, calls };
}

describe('a fetch that ignores its signal', () => {
  it('timeoutMs still rejects complete() with a TimeoutError (retried, then reported)', async () => {
    const { fetch, calls } = deafFetch();
    const api = createClient({
      baseURL: 'http://x.test',
      fetch,
      timeoutMs: 20,
      maxRetries: 1,
      retryDelay: { baseMs: 1, maxMs: 1 },
    });
    const error = await api.complete(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toBe('No response in 20 ms');
    expect(calls).toHaveLength(2);
  });

  it('timeoutMs still fails a stream before its first byte', async () => {
    const { fetch } = deafFetch();
    const stream = createClient({ baseURL: 'http://x.test', fetch, timeoutMs: 20, maxRetries: 0 }).stream(
      request,
    );
    await expect(stream.final()).rejects.toBeInstanceOf(TimeoutError);
  });

  it("the caller's signal still rejects complete() with the signal's reason", async () => {
    const { fetch } = deafFetch();
    const controller = new AbortController();
    const pending = createClient({ baseURL: 'http://x.test', fetch }).complete(request, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('user left')), 10);
    await expect(pending).rejects.toThrow('user left');
  });

  it('stream.abort() before headers settles final() as aborted', async () => {
    const { fetch, calls } = deafFetch();
    const stream = createClient({ baseURL: 'http://x.test', fetch }).stream(request);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(calls).toHaveLength(1);
    stream.abort();
    expect(await stream.final()).toMatchObject({ content: '', finishReason: 'aborted' });
  });

  it('a response that arrives after the abort is released, not read', async () => {
    let cancelled = false;
    let answer: (response: Response) => void = () => {};
    const fetch = () =>
      new Promise<Response>((resolve) => {
        answer = resolve;
      });
    const stream = createClient({ baseURL: 'http://x.test', fetch }).stream(request);
    await new Promise((resolve) => setTimeout(resolve, 10));
    stream.abort();
    const body = new ReadableStream({
      cancel() {
        cancelled = true;
      },
    });
    answer(new Response(body, { headers: { 'content-type': 'text/event-stream' } }));
    expect((await stream.final()).finishReason).toBe('aborted');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(cancelled).toBe(true);
  });
});
