import {
  accumulate,
  type ChatCompletion,
  emptyAssistantMessage,
  messageFromCompletion,
} from '@using-ai/core';
import { describe, expect, it } from 'vitest';
import { chunk, helloChunks, usage, usageChunk } from './support/chunks';

describe('accumulate', () => {
  it('starts from an empty assistant message', () => {
    expect(emptyAssistantMessage()).toEqual({
      role: 'assistant',
      content: '',
      reasoning: '',
      toolCalls: [],
      finishReason: null,
      usage: null,
      id: null,
      model: null,
    });
  });

  it('appends content and reasoning from either field, keeps finish reason, usage, id and model', () => {
    const message = helloChunks().reduce(accumulate, emptyAssistantMessage());
    expect(message).toEqual({
      role: 'assistant',
      content: 'Héllo 👋 wörld — 你好',
      reasoning: 'User wants a greeting.',
      toolCalls: [],
      finishReason: 'stop',
      usage,
      id: 'chatcmpl-test',
      model: 'haiku-4.5-agentic',
    });
  });

  it('never mutates its input', () => {
    const before = emptyAssistantMessage();
    const frozen = Object.freeze({ ...before, toolCalls: Object.freeze([]) as never });
    const after = accumulate(
      frozen,
      chunk({ content: 'x', tool_calls: [{ index: 0, id: 'a', function: { name: 'f' } }] }),
    );
    expect(frozen.content).toBe('');
    expect(frozen.toolCalls).toEqual([]);
    expect(after.content).toBe('x');
    expect(after.toolCalls).toHaveLength(1);
  });

  it('merges tool calls by index: id and name from the first fragment, arguments concatenated', () => {
    const chunks = [
      chunk({
        tool_calls: [
          { index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } },
        ],
      }),
      chunk({
        tool_calls: [
          { index: 1, id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{"tz"' } },
        ],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
      chunk({
        tool_calls: [
          { index: 0, function: { arguments: '"Paris"}' } },
          { index: 1, function: { arguments: ':"UTC"}' } },
        ],
      }),
      chunk({}, 'tool_calls'),
    ];
    const message = chunks.reduce(accumulate, emptyAssistantMessage());
    expect(message.toolCalls).toEqual([
      { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{"tz":"UTC"}' } },
    ]);
    expect(message.finishReason).toBe('tool_calls');
    expect(JSON.parse(JSON.stringify(message.toolCalls))).toEqual(message.toolCalls);
  });

  it('merges tool calls whose indexes do not start at 0 and that arrive together', () => {
    const message = [
      chunk({
        tool_calls: [
          { index: 3, id: 'x', function: { name: 'a', arguments: '1' } },
          { index: 5, id: 'y', function: { name: 'b', arguments: '2' } },
        ],
      }),
      chunk({ tool_calls: [{ index: 5, function: { arguments: '3' } }] }),
      chunk({ tool_calls: [{ index: 3, function: { arguments: '4' } }] }),
    ].reduce(accumulate, emptyAssistantMessage());
    expect(message.toolCalls.map((c) => [c.id, c.function.name, c.function.arguments])).toEqual([
      ['x', 'a', '14'],
      ['y', 'b', '23'],
    ]);
  });

  it('ignores unknown fields, null deltas, other choices and empty choices', () => {
    const weird = {
      ...chunk({ content: 'a' }),
      surprise: true,
      choices: [
        { index: 1, delta: { content: 'other choice' }, finish_reason: null },
        {
          index: 0,
          delta: { content: 'a', content_filter_results: {}, refusal: null },
          finish_reason: null,
          x: 1,
        },
      ],
    } as never;
    let message = accumulate(emptyAssistantMessage(), weird);
    message = accumulate(message, chunk({ content: null, reasoning_content: null }));
    message = accumulate(message, { ...usageChunk(), usage: null });
    expect(message.content).toBe('a');
    expect(message.reasoning).toBe('');
    expect(message.usage).toBeNull();
  });
});

describe('messageFromCompletion', () => {
  it('reads choice 0 of a non-streaming completion into the stream shape', () => {
    const completion: ChatCompletion = {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: 'deepseek-r2',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'O(n log n)', reasoning_content: 'average case' },
          finish_reason: 'stop',
        },
      ],
      usage,
    };
    expect(messageFromCompletion(completion)).toEqual({
      role: 'assistant',
      content: 'O(n log n)',
      reasoning: 'average case',
      toolCalls: [],
      finishReason: 'stop',
      usage,
      id: 'chatcmpl-1',
      model: 'deepseek-r2',
    });
  });
});
