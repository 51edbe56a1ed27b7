// Approval and Standard Schema validation are loaded apart (chat/tool-gate.ts, behind a dynamic import):
// plain tools never load them, and a session whose tools need them loads them before the first request
// or call needs them, even when those tools are set at the last moment. The tests run in order: the
// module's load state is shared by the whole file.
import type { ChatTool } from '@using-ai/core';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { loadedToolGate } from '../../src/chat/opt-in-tools';
import { setupChatSuite } from './support';

const suite = setupChatSuite();
const { requests, session } = suite;

const weatherParameters = {
  type: 'object',
  properties: { city: { type: 'string' } },
  required: ['city'],
};

interface SentTool {
  function: { name: string; parameters?: Record<string, unknown> };
}

describe('the tool gate is loaded only when a tool needs it', () => {
  it('a chat with plain JSON Schema tools runs them without loading it', async () => {
    const execute = vi.fn(({ city }: { city: string }) => ({ city, temperature: 21 }));
    const chat = session({
      tools: { get_weather: { parameters: weatherParameters, execute } as ChatTool },
    });
    expect(await chat.send('What is the weather in Paris?')).toBe(true);
    expect(execute).toHaveBeenCalledWith({ city: 'Paris' }, expect.anything());
    expect(requests[0] as unknown as { tools: SentTool[] }).toMatchObject({
      tools: [{ function: { name: 'get_weather', parameters: weatherParameters } }],
    });
    expect(loadedToolGate()).toBeUndefined();
  });

  it('a Standard Schema tool set just before send: the request waits for the code and carries its JSON Schema', async () => {
    const execute = vi.fn(({ city }: { city: string }) => ({ city, temperature: 18 }));
    const chat = session({});
    chat.setOptions({
      tools: {
        get_weather: {
          parameters: z.object({ city: z.string().transform((c) => c.toUpperCase()) }),
          execute,
        } as ChatTool,
      },
    });
    const done = chat.send('What is the weather in Paris?');
    // Nothing has loaded the gate before (the test above did not): this request waits for it.
    expect(loadedToolGate()).toBeUndefined();
    expect(requests).toHaveLength(0);
    expect(await done).toBe(true);
    const sent = (requests[0] as unknown as { tools: SentTool[] }).tools[0];
    expect(sent?.function.parameters).toMatchObject({
      type: 'object',
      properties: { city: { type: 'string' } },
    });
    expect(execute).toHaveBeenCalledWith({ city: 'PARIS' }, expect.anything());
    expect(loadedToolGate()).toBeDefined();
  });

  it('a tool that needs approval, added by setOptions after the session started, waits for it', async () => {
    const execute = vi.fn(({ city }: { city: string }) => ({ city, temperature: 21 }));
    const chat = session({});
    chat.setOptions({
      tools: { get_weather: { parameters: weatherParameters, needsApproval: true, execute } as ChatTool },
    });
    const sent = chat.send('What is the weather in Paris?');
    await vi.waitFor(() => expect(chat.getSnapshot().status).toBe('awaiting-approval'));
    const call = chat.getSnapshot().messages[1]?.toolCalls[0];
    expect(call?.state).toBe('awaiting-approval');
    expect(execute).not.toHaveBeenCalled();
    expect(chat.approveToolCall(call?.id as string, true)).toBe(true);
    expect(await sent).toBe(true);
    expect(execute).toHaveBeenCalledTimes(1);
    expect(chat.getSnapshot().messages[1]?.toolCalls[0]).toMatchObject({
      state: 'done',
      approval: { approved: true },
    });
  });

  it('approveToolCall before any tool needed the gate answers false', () => {
    const chat = session({});
    expect(chat.approveToolCall('call_unknown', true)).toBe(false);
  });
});
