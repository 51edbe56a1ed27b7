// The calls of one step run concurrently, each under its own AbortSignal, and their results go back in
// the order of the calls. Concurrency is shown by overlap (how many run at once), never by wall-clock time.
import type { ChatTool, ChatToolContext } from '@using-ai/core';
import { describe, expect, it } from 'vitest';
import { setupChatSuite } from './support';

const { requests, session } = setupChatSuite();
const prompt = 'What is the weather in Paris and Tokyo?';
const parameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('parallel tool calls', () => {
  it('runs the calls of one step at the same time, and sends results in call order whatever order they end in', async () => {
    let active = 0;
    let most = 0;
    const started: string[] = [];
    const gates: Record<string, ReturnType<typeof deferred>> = { Paris: deferred(), Tokyo: deferred() };
    const tool: ChatTool<{ city: string }> = {
      parameters,
      async execute({ city }) {
        active += 1;
        most = Math.max(most, active);
        started.push(city);
        // Both must have started for Tokyo to finish; then Tokyo ends first, Paris after it.
        if (started.length === 2) gates.Tokyo?.resolve();
        await gates[city]?.promise;
        if (city === 'Tokyo') gates.Paris?.resolve();
        active -= 1;
        return { city };
      },
    };
    const chat = session({ tools: { get_weather: tool as ChatTool } });
    expect(await chat.send(prompt)).toBe(true);
    expect(most).toBe(2);
    const calls = chat.getSnapshot().messages[1]?.toolCalls ?? [];
    expect(calls.map((c) => c.args)).toEqual([{ city: 'Paris' }, { city: 'Tokyo' }]);
    const results = requests[1]?.messages.filter((m) => m.role === 'tool') ?? [];
    expect(results.map((m) => m.tool_call_id)).toEqual(calls.map((c) => c.id));
    expect(results.map((m) => m.content)).toEqual(['{"city":"Paris"}', '{"city":"Tokyo"}']);
  });

  it('gives each call its own signal, all aborted by stop()', async () => {
    const contexts: ChatToolContext[] = [];
    const bothRunning = deferred();
    const tool: ChatTool = {
      execute: (_args, context) => {
        contexts.push(context);
        if (contexts.length === 2) bothRunning.resolve();
        return new Promise(() => {});
      },
    };
    const chat = session({ tools: { get_weather: tool } });
    const sent = chat.send(prompt);
    await bothRunning.promise;
    const [first, second] = contexts;
    expect(first?.signal).not.toBe(second?.signal);
    expect(first?.signal.aborted).toBe(false);
    chat.stop();
    await sent;
    expect(contexts.map((c) => c.signal.aborted)).toEqual([true, true]);
    expect(chat.getSnapshot().messages[1]?.toolCalls.map((c) => c.error)).toEqual(['Stopped', 'Stopped']);
  });

  it('several tools finishing together: every result is kept, in call order', async () => {
    const together = deferred();
    let count = 0;
    const tool: ChatTool<{ city: string }> = {
      parameters,
      async execute({ city }) {
        count += 1;
        if (count === 2) together.resolve();
        await together.promise;
        return `${city}: sunny`;
      },
    };
    const chat = session({ tools: { get_weather: tool as ChatTool } });
    await chat.send(prompt);
    const calls = chat.getSnapshot().messages[1]?.toolCalls ?? [];
    expect(calls.map((c) => [c.state, c.result])).toEqual([
      ['done', 'Paris: sunny'],
      ['done', 'Tokyo: sunny'],
    ]);
    expect(requests[1]?.messages.filter((m) => m.role === 'tool').map((m) => m.content)).toEqual([
      'Paris: sunny',
      'Tokyo: sunny',
    ]);
  });
});
