// The client-side agent loop against the emulator's agentic models.
import type { ChatSnapshot, ChatTool } from '@using-ai/core';
import { describe, expect, it } from 'vitest';
import { setupChatSuite } from './support';

const { requests, subscriptions, session } = setupChatSuite();

const weather: ChatTool<{ city: string }> = {
  description: 'Get the current weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  execute: ({ city }) => ({ city, temperature: 21, sky: 'sunny' }),
};

const roles = (s: ChatSnapshot) => s.messages.map((m) => m.role);

describe('agent loop', () => {
  it('runs execute, sends the results back and streams the final answer', async () => {
    const seen: string[] = [];
    const chat = session({
      tools: { get_weather: weather as ChatTool },
      onToolCall: (call) => void seen.push(call.function.name),
    });
    expect(await chat.send('What is the weather in Paris?')).toBe(true);
    const s = chat.getSnapshot();
    expect(s.status).toBe('idle');
    expect(roles(s)).toEqual(['user', 'assistant', 'assistant']);
    const [, step, answer] = s.messages;
    expect(step?.finishReason).toBe('tool_calls');
    expect(step?.toolCalls[0]).toMatchObject({
      type: 'function',
      function: { name: 'get_weather' },
      state: 'done',
      args: { city: 'Paris' },
      result: { city: 'Paris', temperature: 21, sky: 'sunny' },
    });
    expect(seen).toEqual(['get_weather']);
    expect(answer?.finishReason).toBe('stop');
    expect(answer?.content.length).toBeGreaterThan(0);
    // The second request carried the tool call and its result.
    expect(requests).toHaveLength(2);
    const tool = requests[1]?.messages.find((m) => m.role === 'tool');
    expect(tool).toEqual({
      role: 'tool',
      tool_call_id: step?.toolCalls[0]?.id,
      content: '{"city":"Paris","temperature":21,"sky":"sunny"}',
    });
    expect(s.usage.total.total_tokens).toBe(
      (step?.usage?.total_tokens ?? 0) + (answer?.usage?.total_tokens ?? 0),
    );
  });

  it('a throwing tool becomes a tool result carrying the error; the chat goes on', async () => {
    const chat = session({
      tools: {
        get_weather: {
          ...weather,
          execute: () => {
            throw new Error('Weather service unavailable');
          },
        } as ChatTool,
      },
    });
    await chat.send('What is the weather in Oslo?');
    const s = chat.getSnapshot();
    expect(s.status).toBe('idle');
    expect(s.error).toBeNull();
    expect(s.messages[1]?.toolCalls[0]).toMatchObject({
      state: 'error',
      error: 'Weather service unavailable',
    });
    expect(requests[1]?.messages.find((m) => m.role === 'tool')?.content).toBe(
      '{"error":"Weather service unavailable"}',
    );
    expect(roles(s)).toEqual(['user', 'assistant', 'assistant']);
  });

  it('without execute, waits for addToolResult (send refused meanwhile), then continues', async () => {
    const chat = session({
      tools: { get_weather: { description: weather.description, parameters: weather.parameters } },
    });
    await chat.send('What is the weather in Rome?');
    let s = chat.getSnapshot();
    expect(s.status).toBe('idle');
    const call = s.messages[1]?.toolCalls[0];
    expect(call).toMatchObject({ state: 'pending', args: { city: 'Rome' } });
    expect(await chat.send('hello?')).toBe(false);
    expect(await chat.addToolResult('no-such-call', 1)).toBe(false);
    expect(await chat.addToolResult(call?.id as string, 'Rainy, 14 °C')).toBe(true);
    s = chat.getSnapshot();
    expect(s.messages[1]?.toolCalls[0]).toMatchObject({ state: 'done', result: 'Rainy, 14 °C' });
    expect(roles(s)).toEqual(['user', 'assistant', 'assistant']);
    expect(s.messages[2]?.finishReason).toBe('stop');
    expect(requests[1]?.messages.find((m) => m.role === 'tool')?.content).toBe('Rainy, 14 °C');
  });

  it('stop() while paused for addToolResult marks the pending call stopped and unblocks send', async () => {
    const chat = session({
      tools: { get_weather: { description: weather.description, parameters: weather.parameters } },
    });
    const published: ChatSnapshot[] = [];
    subscriptions.push(chat.subscribe(() => published.push(chat.getSnapshot())));
    await chat.send('What is the weather in Rome?');
    expect(chat.getSnapshot().messages[1]?.toolCalls[0]?.state).toBe('pending');
    expect(await chat.send('never mind')).toBe(false);
    const before = published.length;
    chat.stop();
    // Flushed at once, without waiting for a scheduler tick.
    expect(published.length).toBe(before + 1);
    const s = chat.getSnapshot();
    expect(s.status).toBe('idle');
    expect(s.messages[1]?.toolCalls[0]).toMatchObject({ state: 'error', error: 'Stopped' });
    expect(await chat.send('Never mind, what is 2 + 2?')).toBe(true);
    // The stopped call went back to the model as an error result.
    expect(requests[1]?.messages.find((m) => m.role === 'tool')?.content).toBe('{"error":"Stopped"}');
    expect(roles(chat.getSnapshot())).toEqual(['user', 'assistant', 'user', 'assistant']);
  });

  it('the last unsubscribe of a chat paused for addToolResult keeps the pending call', async () => {
    const chat = session({
      tools: { get_weather: { description: weather.description, parameters: weather.parameters } },
    });
    await chat.send('What is the weather in Rome?');
    for (const unsubscribe of subscriptions.splice(0)) unsubscribe();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const call = chat.getSnapshot().messages[1]?.toolCalls[0];
    expect(call?.state).toBe('pending');
    subscriptions.push(chat.subscribe(() => {}));
    expect(await chat.addToolResult(call?.id as string, 'Sunny')).toBe(true);
    expect(chat.getSnapshot().messages[2]?.finishReason).toBe('stop');
  });

  it('a pending call restored from storage continues the loop once addToolResult answers it', async () => {
    const chat = session({
      tools: { get_weather: { description: weather.description, parameters: weather.parameters } },
      initialMessages: [
        { role: 'user', content: 'What is the weather in Rome?' },
        {
          role: 'assistant',
          content: '',
          finishReason: 'tool_calls',
          toolCalls: [
            {
              id: 'call_saved',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Rome"}' },
              state: 'pending',
              args: { city: 'Rome' },
            },
          ],
        },
      ],
    });
    expect(await chat.send('hello?')).toBe(false);
    expect(await chat.addToolResult('call_saved', { sky: 'cloudy' })).toBe(true);
    const s = chat.getSnapshot();
    expect(roles(s)).toEqual(['user', 'assistant', 'assistant']);
    expect(s.messages[2]?.finishReason).toBe('stop');
    expect(requests[0]?.messages.find((m) => m.role === 'tool')).toEqual({
      role: 'tool',
      tool_call_id: 'call_saved',
      content: '{"sky":"cloudy"}',
    });
    // A call that has its result keeps it (the model already saw it), and nothing is sent.
    expect(await chat.addToolResult('call_saved', 'again')).toBe(false);
    expect(chat.getSnapshot().messages[1]?.toolCalls[0]).toMatchObject({
      state: 'done',
      result: { sky: 'cloudy' },
    });
    expect(requests).toHaveLength(1);
  });

  it('stops at maxSteps: tools run, their results are not sent', async () => {
    const chat = session({ tools: { get_weather: weather as ChatTool }, maxSteps: 1 });
    await chat.send('What is the weather in Paris?');
    const s = chat.getSnapshot();
    expect(requests).toHaveLength(1);
    expect(roles(s)).toEqual(['user', 'assistant']);
    expect(s.messages[1]?.finishReason).toBe('tool_calls');
    expect(s.messages[1]?.toolCalls[0]?.state).toBe('done');
    expect(s.status).toBe('idle');
  });

  it('stop() while a tool runs aborts its signal and marks the call stopped', async () => {
    let toolSignal: AbortSignal | undefined;
    let started: () => void = () => {};
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const chat = session({
      tools: {
        get_weather: {
          ...weather,
          execute: (_args: unknown, { signal }: { signal: AbortSignal }) => {
            toolSignal = signal;
            started();
            return new Promise(() => {});
          },
        } as ChatTool,
      },
    });
    const sent = chat.send('What is the weather in Paris?');
    await running;
    chat.stop();
    expect(toolSignal?.aborted).toBe(true);
    const s = chat.getSnapshot();
    expect(s.status).toBe('idle');
    expect(s.messages[1]?.toolCalls[0]).toMatchObject({ state: 'error', error: 'Stopped' });
    expect(s.messages[1]?.finishReason).toBe('tool_calls');
    expect(await sent).toBe(true);
    // The stopped call has a result, so the conversation can go on.
    expect(await chat.send('Never mind.')).toBe(true);
    expect(chat.getSnapshot().status).toBe('idle');
  });
});
