// The chat session under adversarial use, against the emulator: stop() from inside callbacks and
// listeners, tool results the model cannot be sent, answers twice, callbacks that throw.
import type { ChatSession, ChatSnapshot, ChatTool } from '@using-ai/core';
import { describe, expect, it } from 'vitest';
import { type SentMessage, setupChatSuite } from './support';

const { mock: emulator, requests, subscriptions, session } = setupChatSuite();

/** Calls `act` once, from a listener, on the first snapshot that matches. */
function onceWhen(chat: ChatSession, matches: (s: ChatSnapshot) => boolean, act: () => void): () => boolean {
  let done = false;
  subscriptions.push(
    chat.subscribe(() => {
      if (!done && matches(chat.getSnapshot())) {
        done = true;
        act();
      }
    }),
  );
  return () => done;
}

const weather = (execute?: ChatTool['execute']): Record<string, ChatTool> => ({
  get_weather: {
    description: 'Get the current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    ...(execute && { execute }),
  },
});
const calls = (s: ChatSnapshot, index = 1) => s.messages[index]?.toolCalls ?? [];
const toolMessages = (request: { messages: SentMessage[] } | undefined) =>
  request?.messages.filter((m) => m.role === 'tool') ?? [];

describe('stop() from inside the agent loop', () => {
  it('from onToolCall, with two parallel calls: no call is left running, status is idle, send works', async () => {
    let seen = 0;
    const chat: ChatSession = session({
      tools: weather(({ city }) => ({ city, temperature: 20 })),
      onToolCall: () => {
        seen += 1;
        if (seen === 1) chat.stop();
      },
    });
    await chat.send('What is the weather in Paris and Tokyo?');
    const s = chat.getSnapshot();
    expect(calls(s)).toHaveLength(2);
    expect(calls(s).map((c) => [c.state, c.error])).toEqual([
      ['error', 'Stopped'],
      ['error', 'Stopped'],
    ]);
    expect(s.status).toBe('idle');
    expect(await chat.send('Never mind.')).toBe(true);
  });

  it('from a listener, as soon as the call is pending: it ends stopped and the status stays idle', async () => {
    const chat = session({ tools: weather(() => 'sunny') });
    const fired = onceWhen(
      chat,
      (s) => calls(s)[0]?.state === 'pending',
      () => chat.stop(),
    );
    await chat.send('What is the weather in Paris?');
    expect(fired()).toBe(true);
    const s = chat.getSnapshot();
    expect(calls(s)[0]).toMatchObject({ state: 'error', error: 'Stopped' });
    expect(s.status).toBe('idle');
    expect(await chat.send('next')).toBe(true);
  });

  it('while the arguments stream: the cut-off call is stopped and never sent back to the model', async () => {
    emulator().configure({ tokensPerSecond: 40 });
    const chat = session({ tools: weather() });
    const cutOff = (args = '') => {
      try {
        JSON.parse(args);
        return false;
      } catch {
        return args.length > 0;
      }
    };
    const fired = onceWhen(
      chat,
      (s) => cutOff(calls(s)[0]?.function.arguments),
      () => chat.stop(),
    );
    await chat.send('What is the weather in Paris?');
    expect(fired()).toBe(true);
    const call = calls(chat.getSnapshot())[0];
    expect(call).toMatchObject({ state: 'error', error: 'Stopped', args: undefined });
    emulator().configure({ tokensPerSecond: 0 });
    expect(await chat.send('Tell me a joke instead.')).toBe(true);
    const next = requests[1];
    expect(toolMessages(next)).toEqual([]);
    expect(next?.messages.some((m) => m.tool_calls?.some((c) => c.id === call?.id))).toBe(false);
  });

  it('after the arguments completed but before [DONE]: the call is stopped and answered "Stopped"', async () => {
    const chat = session({ tools: weather(() => 'sunny') });
    const fired = onceWhen(
      chat,
      (s) => s.messages[1]?.finishReason === 'tool_calls' && calls(s)[0]?.state === 'streaming',
      () => chat.stop(),
    );
    await chat.send('What is the weather in Paris?');
    expect(fired()).toBe(true);
    const call = calls(chat.getSnapshot())[0];
    expect(call).toMatchObject({ state: 'error', error: 'Stopped', args: { city: 'Paris' } });
    expect(await chat.send('ok')).toBe(true);
    expect(toolMessages(requests[1])).toEqual([
      { role: 'tool', tool_call_id: call?.id, content: '{"error":"Stopped"}' },
    ]);
  });

  it('between two steps: onFinish reports the step that finished', async () => {
    const finished: Array<string | null> = [];
    const chat = session({
      tools: weather(() => 'sunny'),
      onFinish: (message) => void finished.push(message.finishReason),
    });
    emulator().configure({ ttftMs: 300 });
    const fired = onceWhen(
      chat,
      (s) => calls(s)[0]?.state === 'done' && s.status === 'submitted',
      () => chat.stop(),
    );
    await chat.send('What is the weather in Paris?');
    expect(fired()).toBe(true);
    expect(finished).toEqual(['tool_calls']);
    expect(chat.getSnapshot().status).toBe('idle');
  });
});

describe('tool results', () => {
  it.each([
    ['a BigInt', () => ({ temperature: 10n })],
    [
      'a cycle',
      () => {
        const result: Record<string, unknown> = { temperature: 10 };
        result.self = result;
        return result;
      },
    ],
  ])('a result with %s becomes an error result, and the chat goes on', async (_name, execute) => {
    const chat = session({ tools: weather(execute) });
    expect(await chat.send('What is the weather in Paris?')).toBe(true);
    const s = chat.getSnapshot();
    expect(s.status).toBe('idle');
    expect(s.error).toBeNull();
    expect(calls(s)[0]?.state).toBe('error');
    expect(calls(s)[0]?.error).toMatch(/^The tool result is not JSON: /);
    expect(toolMessages(requests[1])[0]?.content).toContain('The tool result is not JSON');
    expect(await chat.send('Thanks.')).toBe(true);
    expect(chat.getSnapshot().status).toBe('idle');
  });

  it('addToolResult twice: the first result stays, as the model saw it', async () => {
    const chat = session({ tools: weather() });
    await chat.send('What is the weather in Paris?');
    const id = calls(chat.getSnapshot())[0]?.id as string;
    const first = chat.addToolResult(id, 'first');
    expect(await chat.addToolResult(id, 'second')).toBe(false);
    expect(await first).toBe(true);
    expect(calls(chat.getSnapshot())[0]).toMatchObject({ state: 'done', result: 'first' });
    expect(toolMessages(requests[1])).toEqual([{ role: 'tool', tool_call_id: id, content: 'first' }]);
  });

  it('a call answered after stop() keeps "Stopped" and no stale error on a later result', async () => {
    const chat = session({ tools: weather() });
    await chat.send('What is the weather in Paris?');
    const id = calls(chat.getSnapshot())[0]?.id as string;
    chat.stop();
    expect(await chat.addToolResult(id, 'late')).toBe(false);
    expect(calls(chat.getSnapshot())[0]).toEqual(
      expect.objectContaining({ state: 'error', error: 'Stopped' }),
    );
    expect(calls(chat.getSnapshot())[0]).not.toHaveProperty('result');
  });
});

describe('snapshots and callbacks', () => {
  it('clearError() and stop() with nothing to do keep the snapshot and notify no one', async () => {
    const chat = session({ model: 'haiku-4.5' });
    await chat.send('hello');
    const before = chat.getSnapshot();
    let notified = 0;
    subscriptions.push(chat.subscribe(() => notified++));
    chat.clearError();
    chat.stop();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(chat.getSnapshot()).toBe(before);
    expect(notified).toBe(0);
  });

  it('maxSteps is rounded down, and a value that is not a number counts as 1', async () => {
    for (const [maxSteps, expected] of [
      [Number.NaN, 1],
      [0, 1],
      [1.5, 1],
      [2.9, 2],
    ] as const) {
      requests.length = 0;
      const chat = session({ maxSteps, tools: weather(() => 'sunny') });
      expect(await chat.send('What is the weather in Paris?')).toBe(true);
      expect(requests).toHaveLength(expected);
      expect(chat.getSnapshot().messages[0]?.role).toBe('user');
    }
  });

  it('onFinish, onError, onRetry and listeners that throw are reported; send() still resolves', async () => {
    const reported: unknown[] = [];
    const original = globalThis.reportError;
    globalThis.reportError = (error) => void reported.push(error);
    try {
      const boom = (name: string) => () => {
        throw new Error(`${name} bug`);
      };
      const finishing = session({ model: 'haiku-4.5', onFinish: boom('onFinish') });
      subscriptions.push(finishing.subscribe(boom('listener')));
      expect(await finishing.send('hello')).toBe(true);

      emulator().inject('server_error', { times: 3 });
      const failing = session({ model: 'haiku-4.5', onError: boom('onError'), onRetry: boom('onRetry') });
      expect(await failing.send('hello')).toBe(true);
      expect(failing.getSnapshot().status).toBe('error');
      expect(requests).toHaveLength(1 + 3);
    } finally {
      globalThis.reportError = original;
    }
    const names = new Set(reported.map((error) => (error as Error).message));
    expect([...names].sort()).toEqual(['listener bug', 'onError bug', 'onFinish bug', 'onRetry bug']);
  });
});
