import { describe, expect, it } from 'vitest';
import {
  hasOutstandingToolCalls,
  parseArgs,
  sumUsage,
  toRequestMessages,
  toRequestTools,
  toSessionMessage,
} from '../../src/chat/messages';
import type { ChatSessionMessage, ChatToolCall } from '../../src/chat/types';

const call = (over: Partial<ChatToolCall> = {}): ChatToolCall => ({
  id: 'call_1',
  type: 'function',
  function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
  state: 'done',
  args: { city: 'Paris' },
  result: { temperature: 21 },
  ...over,
});

const assistant = (over: Partial<ChatSessionMessage> = {}): ChatSessionMessage => ({
  ...toSessionMessage({ role: 'assistant', content: '' }, 'a1'),
  ...over,
});

describe('toSessionMessage', () => {
  it('fills defaults and keeps a given id', () => {
    expect(toSessionMessage({ role: 'user', content: 'hi' }, 'x')).toEqual({
      id: 'x',
      role: 'user',
      content: 'hi',
      reasoning: '',
      toolCalls: [],
      usage: null,
      finishReason: null,
    });
    expect(toSessionMessage({ id: 'mine', role: 'user', content: 'hi' }, 'x').id).toBe('mine');
  });

  it('keeps content parts and exposes their text as content', () => {
    const parts = [
      { type: 'text' as const, text: 'What is ' },
      { type: 'image_url' as const, image_url: { url: 'data:image/png;base64,AAAA' } },
      { type: 'text' as const, text: 'this?' },
    ];
    const message = toSessionMessage({ role: 'user', content: parts }, 'x');
    expect(message.content).toBe('What is this?');
    expect(message.parts).toEqual(parts);
  });
});

describe('parseArgs', () => {
  it('parses JSON, reads empty as {}, and gives undefined for invalid JSON', () => {
    expect(parseArgs('{"a":1}')).toEqual({ a: 1 });
    expect(parseArgs('  ')).toEqual({});
    expect(parseArgs('{"a":')).toBeUndefined();
  });
});

describe('toRequestMessages', () => {
  it('puts the system prompt first and sends user parts as they were given', () => {
    const parts = [{ type: 'text' as const, text: 'hi' }];
    expect(toRequestMessages([toSessionMessage({ role: 'user', content: parts }, 'u')], 'Be terse.')).toEqual(
      [
        { role: 'system', content: 'Be terse.' },
        { role: 'user', content: parts },
      ],
    );
  });

  it('follows an assistant message with tool calls by one tool message per call', () => {
    const messages = [
      toSessionMessage({ role: 'user', content: 'Weather in Paris and Oslo?' }, 'u'),
      assistant({
        toolCalls: [
          call(),
          call({ id: 'call_2', result: 'sunny' }),
          call({ id: 'call_3', state: 'error', result: undefined, error: 'boom' }),
        ],
      }),
    ];
    expect(toRequestMessages(messages)).toEqual([
      { role: 'user', content: 'Weather in Paris and Oslo?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
          {
            id: 'call_2',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
          {
            id: 'call_3',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"temperature":21}' },
      { role: 'tool', tool_call_id: 'call_2', content: 'sunny' },
      { role: 'tool', tool_call_id: 'call_3', content: '{"error":"boom"}' },
    ]);
  });

  it('leaves out empty answers and tool calls whose arguments never finished', () => {
    const messages = [
      toSessionMessage({ role: 'user', content: 'q' }, 'u'),
      assistant({ finishReason: 'aborted' }),
      assistant({
        content: 'partial',
        toolCalls: [call({ state: 'streaming', function: { name: 'x', arguments: '{"ci' } })],
      }),
    ];
    expect(toRequestMessages(messages)).toEqual([
      { role: 'user', content: 'q' },
      { role: 'assistant', content: 'partial' },
    ]);
  });
});

describe('toRequestTools', () => {
  it('maps the tools record to function tools, and none to undefined', () => {
    expect(toRequestTools(undefined)).toBeUndefined();
    expect(toRequestTools({})).toBeUndefined();
    expect(
      toRequestTools({
        get_weather: { description: 'Weather for a city', parameters: { type: 'object' } },
        ping: {},
      }),
    ).toEqual([
      {
        type: 'function',
        function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object' } },
      },
      { type: 'function', function: { name: 'ping' } },
    ]);
  });
});

describe('sumUsage and hasOutstandingToolCalls', () => {
  it('sums usage over messages and reports the latest', () => {
    const u1 = { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 };
    const u2 = { prompt_tokens: 10, completion_tokens: 1, total_tokens: 11 };
    expect(sumUsage([assistant({ usage: u1 }), assistant(), assistant({ usage: u2 })])).toEqual({
      last: u2,
      total: { prompt_tokens: 13, completion_tokens: 5, total_tokens: 18 },
    });
    expect(sumUsage([])).toEqual({
      last: null,
      total: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    });
  });

  it('looks for pending or running calls on the last message only', () => {
    expect(hasOutstandingToolCalls([])).toBe(false);
    expect(hasOutstandingToolCalls([assistant({ toolCalls: [call({ state: 'pending' })] })])).toBe(true);
    expect(hasOutstandingToolCalls([assistant({ toolCalls: [call({ state: 'running' })] })])).toBe(true);
    expect(hasOutstandingToolCalls([assistant({ toolCalls: [call()] })])).toBe(false);
  });
});

describe('restoring saved messages', () => {
  it('marks a tool call saved while running as stopped, and keeps pending and done calls', () => {
    const restored = toSessionMessage(
      {
        role: 'assistant',
        content: '',
        toolCalls: [
          call({ id: 'a', state: 'running' }),
          call({ id: 'b', state: 'pending' }),
          call({ id: 'c' }),
        ],
      },
      'x',
    );
    expect(restored.toolCalls.map((c) => [c.id, c.state, c.error])).toEqual([
      ['a', 'error', 'Stopped'],
      ['b', 'pending', undefined],
      ['c', 'done', undefined],
    ]);
  });
});
