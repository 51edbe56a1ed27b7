// Scripted answers: text, reasoning, tool calls, faults and rate-limit headers, through server.script(),
// the testing kit's handler and POST /__mock/script, read with the official openai client.
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../src/index';
import { chatRequest, chunksOf, contentOf, readSse } from './support';

let server: MockServer;
let openai: OpenAI;
beforeAll(async () => {
  server = await startMockServer({ rateLimit: false });
  openai = new OpenAI({ apiKey: 'sk-test-supermaxes', baseURL: server.baseURL, maxRetries: 0 });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const ask = (content: string) => [{ role: 'user' as const, content }];

describe('scripted answers', () => {
  it('answers the scripted texts in order, then the usual answers again', async () => {
    server.script({ text: 'First scripted.' }, { text: 'Second scripted.' });
    const one = await openai.chat.completions.create({ model: 'haiku-4.5', messages: ask('hi') });
    expect(one.choices[0]?.message.content).toBe('First scripted.');
    const two = contentOf(
      await readSse(
        await chatRequest(server.baseURL, { model: 'haiku-4.5', messages: ask('hi'), stream: true }),
      ),
    );
    expect(two).toBe('Second scripted.');
    const three = await openai.chat.completions.create({ model: 'haiku-4.5', messages: ask('hi') });
    expect(three.choices[0]?.message.content).not.toContain('scripted');
    expect(server.handler.pendingScript()).toEqual([]);
  });

  it('streams scripted reasoning before the text, on any model', async () => {
    server.script({ reasoning: 'Let me think.', text: 'Done.' });
    const read = await readSse(
      await chatRequest(server.baseURL, { model: 'haiku-4.5', messages: ask('hi'), stream: true }),
    );
    const reasoning = chunksOf(read)
      .map((c) => (c.choices[0]?.delta.reasoning_content as string | undefined) ?? '')
      .join('');
    expect(reasoning).toBe('Let me think.');
    expect(contentOf(read)).toBe('Done.');
  });

  it('makes scripted tool calls with object or raw arguments, with or without the tool declared', async () => {
    server.script({
      toolCalls: [
        { name: 'get_weather', arguments: { city: 'Oslo' }, id: 'call_fixed' },
        { name: 'broken', arguments: '{"x":' },
      ],
    });
    const res = await openai.chat.completions.create({ model: 'haiku-4.5', messages: ask('hi') });
    const choice = res.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    expect(
      choice.message.tool_calls?.map((c) =>
        c.type === 'function' ? [c.id.slice(0, 5), c.function.name, c.function.arguments] : [],
      ),
    ).toEqual([
      ['call_', 'get_weather', '{"city":"Oslo"}'],
      ['call_', 'broken', '{"x":'],
    ]);
    expect(choice.message.tool_calls?.[0]?.id).toBe('call_fixed');
  });

  it('sends scripted text and tool calls together, text first', async () => {
    server.script({ text: 'Checking.', toolCalls: [{ name: 'lookup' }] });
    const read = await readSse(
      await chatRequest(server.baseURL, { model: 'haiku-4.5', messages: ask('hi'), stream: true }),
    );
    expect(contentOf(read)).toBe('Checking.');
    const finish = chunksOf(read).find((c) => c.choices[0]?.finish_reason)?.choices[0]?.finish_reason;
    expect(finish).toBe('tool_calls');
  });

  it('applies a scripted fault and scripted rate-limit headers', async () => {
    server.script(
      { fault: 'rate_limit', rateLimit: { resetSeconds: 7 } },
      { rateLimit: { limit: 60, remaining: 3 } },
    );
    const limited = await chatRequest(server.baseURL, { model: 'haiku-4.5', messages: ask('hi') });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    const ok = await chatRequest(server.baseURL, { model: 'haiku-4.5', messages: ask('hi') });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-ratelimit-limit')).toBe('60');
    expect(ok.headers.get('x-ratelimit-remaining')).toBe('3');
    expect(server.requests().map((r) => r.fault)).toEqual(['rate_limit', null]);
  });

  it('is not consumed by an invalid request', async () => {
    server.script({ text: 'Kept.' });
    const bad = await chatRequest(server.baseURL, { model: 'no-such-model', messages: ask('hi') });
    expect(bad.status).toBe(404);
    expect(server.handler.pendingScript()).toEqual([{ text: 'Kept.' }]);
  });

  it('rejects malformed answers with a TypeError', () => {
    expect(() => server.script({ text: 3 } as never)).toThrow(TypeError);
    expect(() => server.script({ fault: 'nope' } as never)).toThrow(/unknown fault/);
    expect(() => server.script({ toolCalls: [{}] } as never)).toThrow(/name/);
    expect(() => server.script({ colour: 'red' } as never)).toThrow(/unknown field/);
  });

  it('over HTTP: POST/GET/DELETE /__mock/script', async () => {
    const post = await fetch(`${server.url}/__mock/script`, {
      method: 'POST',
      body: JSON.stringify({ answers: [{ text: 'Over HTTP.' }, { text: 'Second.' }] }),
    });
    expect(await post.json()).toEqual({ script: [{ text: 'Over HTTP.' }, { text: 'Second.' }] });
    const res = await openai.chat.completions.create({ model: 'haiku-4.5', messages: ask('hi') });
    expect(res.choices[0]?.message.content).toBe('Over HTTP.');
    expect(await (await fetch(`${server.url}/__mock/script`)).json()).toEqual({
      script: [{ text: 'Second.' }],
    });
    await fetch(`${server.url}/__mock/script`, { method: 'DELETE' });
    expect(server.handler.pendingScript()).toEqual([]);
    const single = await fetch(`${server.url}/__mock/script`, { method: 'POST', body: '{"text":"One."}' });
    expect((await single.json()).script).toEqual([{ text: 'One.' }]);
    const bad = await fetch(`${server.url}/__mock/script`, {
      method: 'POST',
      body: '{"answers":[{"text":1}]}',
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.type).toBe('invalid_request_error');
  });
});
