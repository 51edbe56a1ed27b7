// Load: 200 concurrent streams over real HTTP, every one complete and in order, no errors. Asserts
// completeness, not time; the elapsed time is printed as a figure.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMockHandler, type MockServer, startMockServer } from '../src/index';
import { chatRequest, chunksOf, readSse } from './support';

const STREAMS = 200;
const TOKENS_PER_SECOND = 25;
let server: MockServer;
beforeAll(async () => {
  // Paced so the streams really overlap; rate limits off so 200 requests from one key are fine.
  server = await startMockServer({ tokensPerSecond: TOKENS_PER_SECOND, rateLimit: false });
});
afterAll(() => server.close());

it(`serves ${STREAMS} concurrent streams, each complete and in order`, { timeout: 120_000 }, async () => {
  const reference = createMockHandler({ rateLimit: false });
  const bodies = Array.from({ length: STREAMS }, (_, i) => ({
    model: i % 3 === 0 ? 'deepseek-r2' : 'sonnet-4.5',
    messages: [{ role: 'user', content: `Question number ${i}: how do tides work?` }],
    stream_options: { include_usage: true },
  }));
  const expected = await Promise.all(
    bodies.map(async (body) => {
      const res = await reference(
        new Request('http://ref/v1/chat/completions', {
          method: 'POST',
          headers: { authorization: 'Bearer sk-test-supermaxes' },
          body: JSON.stringify(body),
        }),
      );
      return res.json();
    }),
  );

  let peak = 0;
  // Samples how many streams are open at once (reported, not asserted).
  const sampler = setInterval(() => {
    peak = Math.max(peak, server.handler.openStreams);
  }, 5);
  const started = performance.now();
  const reads = await Promise.all(
    bodies.map(async (body) => {
      const res = await chatRequest(server.baseURL, { ...body, stream: true });
      return { status: res.status, read: await readSse(res) };
    }),
  );
  const elapsed = performance.now() - started;
  clearInterval(sampler);

  let events = 0;
  reads.forEach(({ status, read }, i) => {
    expect(status).toBe(200);
    expect(read.error).toBeUndefined();
    expect(read.data.at(-1)).toBe('[DONE]');
    const chunks = chunksOf(read);
    events += read.data.length;
    const want = expected[i];
    // Order: role, reasoning (if any), content, finish, usage.
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    const kinds = chunks
      .slice(1)
      .map((c) =>
        c.choices.length === 0
          ? 'usage'
          : c.choices[0]?.finish_reason
            ? 'finish'
            : c.choices[0]?.delta.reasoning_content
              ? 'reasoning'
              : 'content',
      );
    expect(kinds.join(' ')).toMatch(/^(reasoning )*(content )+finish usage$/);
    const content = chunks.map((c) => (c.choices[0]?.delta.content as string | undefined) ?? '').join('');
    const reasoning = chunks
      .map((c) => (c.choices[0]?.delta.reasoning_content as string | undefined) ?? '')
      .join('');
    expect(content).toBe(want.choices[0].message.content);
    expect(reasoning).toBe(want.choices[0].message.reasoning_content ?? '');
    expect(chunks.at(-1)?.usage).toEqual(want.usage);
  });
  await new Promise((resolve) => setImmediate(resolve));
  expect(server.handler.openStreams).toBe(0);
  console.log(
    `[mock load] ${STREAMS} concurrent streams at ${TOKENS_PER_SECOND} tokens/s: ${events} events in ${elapsed.toFixed(0)} ms, ` +
      `peak ${peak} open at once, 0 errors`,
  );
});
