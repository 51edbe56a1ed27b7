import { describe, expect, it } from 'vitest';
import { runToolCall } from '../../src/chat/run-tool-call';
import type { ChatToolCall } from '../../src/chat/types';

const call = (name: string, args: unknown = {}): ChatToolCall => ({
  id: 'c1',
  type: 'function',
  function: { name, arguments: JSON.stringify(args) },
  state: 'pending',
  args,
});
const signal = new AbortController().signal;

describe('runToolCall', () => {
  it('runs execute with the parsed arguments and the signal', async () => {
    let seen: unknown;
    const outcome = await runToolCall(
      call('add', { a: 1, b: 2 }),
      {
        tools: {
          add: {
            execute(args, context) {
              seen = context.signal;
              return (args.a as number) + (args.b as number);
            },
          },
        },
      },
      signal,
    );
    expect(outcome).toEqual({ state: 'done', result: 3 });
    expect(seen).toBe(signal);
  });

  it('turns a throwing tool (sync or async) into an error outcome', async () => {
    const tools = {
      sync: {
        execute() {
          throw new Error('no such city');
        },
      },
      async: { execute: async () => Promise.reject(new Error('upstream down')) },
    };
    expect(await runToolCall(call('sync'), { tools }, signal)).toEqual({
      state: 'error',
      error: 'no such city',
    });
    expect(await runToolCall(call('async'), { tools }, signal)).toEqual({
      state: 'error',
      error: 'upstream down',
    });
  });

  it('lets onToolCall answer first, and falls back to execute when it returns undefined', async () => {
    const tools = { t: { execute: () => 'from execute' } };
    expect(await runToolCall(call('t'), { tools, onToolCall: () => 'from onToolCall' }, signal)).toEqual({
      state: 'done',
      result: 'from onToolCall',
    });
    expect(await runToolCall(call('t'), { tools, onToolCall: () => undefined }, signal)).toEqual({
      state: 'done',
      result: 'from execute',
    });
  });

  it('waits (null) for a declared tool without execute; unknown tools and bad JSON are errors', async () => {
    expect(await runToolCall(call('ask_user'), { tools: { ask_user: {} } }, signal)).toBeNull();
    expect(await runToolCall(call('nope'), { tools: {} }, signal)).toEqual({
      state: 'error',
      error: 'Unknown tool: nope',
    });
    const bad = { ...call('t'), args: undefined, function: { name: 't', arguments: '{"a":' } };
    expect(await runToolCall(bad, { tools: { t: { execute: () => 1 } } }, signal)).toEqual({
      state: 'error',
      error: 'Invalid JSON in the arguments of t',
    });
  });
});

describe('runToolCall and abort', () => {
  it('settles as Stopped when the signal aborts, even if the tool never returns', async () => {
    const controller = new AbortController();
    const outcome = runToolCall(
      call('hang'),
      { tools: { hang: { execute: () => new Promise(() => {}) } } },
      controller.signal,
    );
    controller.abort();
    expect(await outcome).toEqual({ state: 'error', error: 'Stopped' });
  });
});
