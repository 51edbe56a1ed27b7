// Tool approval (ChatTool.needsApproval) against the emulator's agentic model: approve, deny, stop in
// each state, calls decided one by one.
import type { ChatSession, ChatTool } from '@using-ai/core';
import { describe, expect, it, vi } from 'vitest';
import { setupChatSuite } from './support';
import { until } from './until';

const { requests, session } = setupChatSuite();

const weatherParameters = {
  type: 'object',
  properties: { city: { type: 'string' } },
  required: ['city'],
};

function weather(overrides: Partial<ChatTool<{ city: string }>> = {}) {
  const execute = vi.fn(({ city }: { city: string }) => ({ city, temperature: 21 }));
  const tool: ChatTool<{ city: string }> = {
    description: 'Get the current weather for a city',
    parameters: weatherParameters,
    needsApproval: true,
    execute,
    ...overrides,
  };
  return { tool: tool as ChatTool, execute };
}

const awaiting = (chat: ChatSession) => until(chat, (s) => s.status === 'awaiting-approval');
const toolMessages = (index: number) => requests[index]?.messages.filter((m) => m.role === 'tool') ?? [];

describe('tool approval', () => {
  it('pauses with the call awaiting approval (arguments visible), runs it once approved', async () => {
    const { tool, execute } = weather();
    const chat = session({ tools: { get_weather: tool } });
    const sent = chat.send('What is the weather in Paris?');
    const paused = await awaiting(chat);
    const call = paused.messages[1]?.toolCalls[0];
    expect(call).toMatchObject({ state: 'awaiting-approval', args: { city: 'Paris' } });
    expect(execute).not.toHaveBeenCalled();
    expect(requests).toHaveLength(1);
    expect(chat.approveToolCall(call?.id as string, true)).toBe(true);
    expect(await sent).toBe(true);
    const s = chat.getSnapshot();
    expect(execute).toHaveBeenCalledTimes(1);
    expect(s.messages[1]?.toolCalls[0]).toMatchObject({
      state: 'done',
      approval: { approved: true },
      result: { city: 'Paris', temperature: 21 },
    });
    expect(s.status).toBe('idle');
    expect(s.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'assistant']);
    expect(toolMessages(1)[0]?.content).toBe('{"city":"Paris","temperature":21}');
  });

  it('a denial goes back to the model as the result, with the reason, and the loop goes on', async () => {
    const { tool, execute } = weather();
    const chat = session({ tools: { get_weather: tool } });
    const sent = chat.send('What is the weather in Paris?');
    const call = (await awaiting(chat)).messages[1]?.toolCalls[0];
    expect(chat.approveToolCall(call?.id as string, false, 'not today')).toBe(true);
    await sent;
    const s = chat.getSnapshot();
    expect(execute).not.toHaveBeenCalled();
    expect(s.messages[1]?.toolCalls[0]).toMatchObject({
      state: 'error',
      error: 'The user denied this tool call: not today',
      approval: { approved: false, reason: 'not today' },
    });
    expect(toolMessages(1)).toEqual([
      {
        role: 'tool',
        tool_call_id: call?.id,
        content: '{"error":"The user denied this tool call: not today"}',
      },
    ]);
    expect(s.messages[2]?.finishReason).toBe('stop');
    expect(s.status).toBe('idle');
  });

  it('needsApproval as a function of the arguments: only the calls it flags wait; decided one by one', async () => {
    const { tool, execute } = weather({ needsApproval: ({ city }) => city !== 'Paris' });
    const chat = session({ tools: { get_weather: tool } });
    const sent = chat.send('What is the weather in Paris and Tokyo and Rome?');
    const paused = await until(
      chat,
      (s) => s.status === 'awaiting-approval' && s.messages[1]?.toolCalls[0]?.state === 'done',
    );
    const [paris, tokyo] = paused.messages[1]?.toolCalls ?? [];
    expect(paris?.approval).toBeUndefined();
    expect(tokyo).toMatchObject({ state: 'awaiting-approval', args: { city: 'Tokyo' } });
    expect(execute).toHaveBeenCalledTimes(1);
    expect(chat.approveToolCall('no-such-call', true)).toBe(false);
    chat.approveToolCall(tokyo?.id as string, true);
    expect(await sent).toBe(true);
    expect(execute.mock.calls.map(([args]) => args.city)).toEqual(['Paris', 'Tokyo']);
    expect(toolMessages(1).map((m) => m.tool_call_id)).toEqual([paris?.id, tokyo?.id]);
  });

  it('stays awaiting-approval until every waiting call is decided', async () => {
    const { tool, execute } = weather();
    const chat = session({ tools: { get_weather: tool } });
    const sent = chat.send('What is the weather in Paris and Tokyo?');
    const paused = await until(
      chat,
      (s) => s.messages[1]?.toolCalls.filter((c) => c.state === 'awaiting-approval').length === 2,
    );
    const [paris, tokyo] = paused.messages[1]?.toolCalls ?? [];
    chat.approveToolCall(paris?.id as string, true);
    await until(chat, (s) => s.messages[1]?.toolCalls[0]?.state === 'done');
    expect(chat.getSnapshot().status).toBe('awaiting-approval');
    expect(requests).toHaveLength(1);
    chat.approveToolCall(tokyo?.id as string, false);
    await sent;
    expect(execute).toHaveBeenCalledTimes(1);
    expect(toolMessages(1).map((m) => m.content)).toEqual([
      '{"city":"Paris","temperature":21}',
      '{"error":"The user denied this tool call"}',
    ]);
  });

  it('stop() while awaiting approval ends the call as Stopped; approving later does nothing; send works again', async () => {
    const { tool, execute } = weather();
    const chat = session({ tools: { get_weather: tool } });
    const sent = chat.send('What is the weather in Paris?');
    const call = (await awaiting(chat)).messages[1]?.toolCalls[0];
    chat.stop();
    expect(await sent).toBe(true);
    const s = chat.getSnapshot();
    expect(s.status).toBe('idle');
    expect(s.messages[1]?.toolCalls[0]).toMatchObject({ state: 'error', error: 'Stopped' });
    expect(chat.approveToolCall(call?.id as string, true)).toBe(false);
    expect(execute).not.toHaveBeenCalled();
    expect(await chat.send('Thanks, never mind.')).toBe(true);
    expect(requests).toHaveLength(2);
    expect(requests[1]?.messages.find((m) => m.role === 'tool')?.content).toBe('{"error":"Stopped"}');
  });

  it('stop() while an approved call runs aborts its signal and ends it as Stopped', async () => {
    let signal: AbortSignal | undefined;
    const { tool } = weather({
      execute: (_args, context) => {
        signal = context.signal;
        return new Promise(() => {});
      },
    });
    const chat = session({ tools: { get_weather: tool } });
    const sent = chat.send('What is the weather in Paris?');
    const call = (await awaiting(chat)).messages[1]?.toolCalls[0];
    chat.approveToolCall(call?.id as string, true);
    await until(chat, (s) => s.messages[1]?.toolCalls[0]?.state === 'running');
    expect(chat.getSnapshot().status).toBe('streaming');
    chat.stop();
    await sent;
    expect(signal?.aborted).toBe(true);
    expect(chat.getSnapshot().messages[1]?.toolCalls[0]).toMatchObject({ state: 'error', error: 'Stopped' });
  });

  it('stop() while the answer streams, before any approval, leaves nothing waiting', async () => {
    const { tool, execute } = weather();
    const chat = session({ tools: { get_weather: tool } });
    const sent = chat.send('What is the weather in Paris?');
    await until(chat, (s) => s.status === 'submitted');
    chat.stop();
    await sent;
    expect(chat.getSnapshot().status).toBe('idle');
    expect(execute).not.toHaveBeenCalled();
    expect(await chat.send('And in Rome?')).toBe(true);
  });

  it('addToolResult refuses a call awaiting approval (approveToolCall answers it); the loop still goes on', async () => {
    const { tool, execute } = weather();
    const chat = session({ tools: { get_weather: tool } });
    const sent = chat.send('What is the weather in Paris?');
    const call = (await awaiting(chat)).messages[1]?.toolCalls[0];
    expect(await chat.addToolResult(call?.id as string, 'sunny')).toBe(false);
    expect(chat.getSnapshot().messages[1]?.toolCalls[0]?.state).toBe('awaiting-approval');
    chat.approveToolCall(call?.id as string, true);
    expect(await sent).toBe(true);
    expect(execute).toHaveBeenCalledTimes(1);
    expect(chat.getSnapshot().status).toBe('idle');
  });

  it('reset() while awaiting approval empties the chat; the decision comes too late', async () => {
    const { tool, execute } = weather();
    const chat = session({ tools: { get_weather: tool } });
    const sent = chat.send('What is the weather in Paris?');
    const call = (await awaiting(chat)).messages[1]?.toolCalls[0];
    chat.reset();
    await sent;
    expect(chat.getSnapshot()).toMatchObject({ status: 'idle', messages: [] });
    expect(chat.approveToolCall(call?.id as string, true)).toBe(false);
    expect(execute).not.toHaveBeenCalled();
  });

  it('a restored call that was awaiting approval is stopped (nothing could approve it any more)', () => {
    const chat = session({
      initialMessages: [
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
              state: 'awaiting-approval',
              args: { city: 'Paris' },
            },
          ],
        },
      ],
    });
    expect(chat.getSnapshot().messages[1]?.toolCalls[0]).toMatchObject({ state: 'error', error: 'Stopped' });
  });
});
