// Issue 16: `idleTimeoutMs` was off by default, so a stream whose upstream stalls after its headers hung a
// browser UI for ever. The default is now DEFAULT_IDLE_TIMEOUT_MS (60 s). The emulator's `stall` fault sends
// some chunks, then nothing; the client's timers are faked (advancing with real time too, so the HTTP
// exchange runs as usual) to pass the 60 s without waiting them.
import {
  createClient,
  DEFAULT_IDLE_TIMEOUT_MS,
  type StreamInterruptedError,
  TimeoutError,
} from '@using-ai/core';
import { type MockServer, startMockServer } from '@using-ai/mock';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer();
});
afterEach(() => {
  vi.useRealTimers();
  mock.reset();
});
afterAll(() => mock.close());

const request = {
  model: 'deepseek-r2',
  messages: [{ role: 'user' as const, content: 'Think, then answer.' }],
};
const clientFor = (idleTimeoutMs?: number) =>
  createClient({
    baseURL: mock.baseURL,
    headers: { authorization: 'Bearer sk-test-standard' },
    ...(idleTimeoutMs !== undefined && { idleTimeoutMs }),
  });

/** Starts a stream that the emulator stalls after its first chunks; resolves once a chunk arrived. */
async function stalledStream(idleTimeoutMs?: number) {
  mock.inject('stall');
  const stream = clientFor(idleTimeoutMs).stream(request);
  const settled = stream.final().then(
    () => 'finished',
    (error: unknown) => error as StreamInterruptedError,
  );
  await new Promise<void>((resolve) => {
    const unsubscribe = stream.subscribe(() => {
      unsubscribe();
      resolve();
    });
  });
  return { stream, settled };
}

it('is 60 s, the read timeout of nginx in front of most deployments', () => {
  expect(DEFAULT_IDLE_TIMEOUT_MS).toBe(60_000);
});

it('ends a stream stalled after its headers after 60 s of silence, keeping what arrived', async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
  const { stream, settled } = await stalledStream();
  const partial = stream.current.reasoning + stream.current.content;
  expect(partial.length).toBeGreaterThan(0);

  await vi.advanceTimersByTimeAsync(DEFAULT_IDLE_TIMEOUT_MS - 1_000);
  expect(stream.current.finishReason).toBeNull();
  await vi.advanceTimersByTimeAsync(2_000);
  const error = await settled;
  expect(error).toMatchObject({ name: 'StreamInterruptedError' });
  const interrupted = error as StreamInterruptedError;
  expect(interrupted.cause).toBeInstanceOf(TimeoutError);
  expect(interrupted.message).toBe('Stream interrupted: No stream data for 60000 ms');
  expect(interrupted.partial.reasoning + interrupted.partial.content).toBe(partial);
});

it('idleTimeoutMs: 0 still turns it off (the stream waits until aborted)', async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
  const { stream, settled } = await stalledStream(0);
  await vi.advanceTimersByTimeAsync(10 * DEFAULT_IDLE_TIMEOUT_MS);
  stream.abort();
  expect(await settled).toBe('finished');
  expect(stream.current.finishReason).toBe('aborted');
});

it('a thinking model paced slower than the keep-alive interval is not cut: keep-alives are activity', async () => {
  // 70 s before the first token, longer than the default: the emulator sends `: keep-alive` every 15 s.
  mock.configure({ ttftMs: 70_000 });
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
  const stream = clientFor().stream(request);
  const final = stream.final();
  for (let waited = 0; waited < 75_000; waited += 5_000) await vi.advanceTimersByTimeAsync(5_000);
  const message = await final;
  expect(message.finishReason).toBe('stop');
  expect(message.reasoning.length).toBeGreaterThan(0);
});
