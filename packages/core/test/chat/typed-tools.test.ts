// Tools whose parameters are a Standard Schema (zod 4, valibot): the JSON Schema sent comes from it, the
// arguments are validated before the tool runs, and invalid ones go back for the model to correct.
import type { ChatTool } from '@using-ai/core';
import { toJsonSchema } from '@valibot/to-json-schema';
import * as v from 'valibot';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { setupChatSuite } from './support';

const suite = setupChatSuite();
const { requests, session } = suite;

interface SentTool {
  function: { name: string; parameters?: Record<string, unknown> };
}

describe('typed tools', () => {
  it('sends the JSON Schema of a zod schema and runs execute with the validated (parsed) arguments', async () => {
    const execute = vi.fn(({ city }: { city: string }) => ({ city, temperature: 18 }));
    const chat = session({
      tools: {
        get_weather: {
          description: 'Get the current weather for a city',
          parameters: z.object({ city: z.string().transform((c) => c.toUpperCase()) }),
          execute,
        } satisfies ChatTool<{ city: string }> as ChatTool,
      },
    });
    await chat.send('What is the weather in Paris?');
    const sent = (requests[0] as unknown as { tools: SentTool[] }).tools[0];
    expect(sent?.function.parameters).toMatchObject({
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
    });
    expect(sent?.function.parameters).not.toHaveProperty('$schema');
    expect(execute).toHaveBeenCalledWith({ city: 'PARIS' }, expect.anything());
    // The call keeps what the model wrote; execute got the validator's output.
    expect(chat.getSnapshot().messages[1]?.toolCalls[0]).toMatchObject({
      state: 'done',
      args: { city: 'Paris' },
    });
  });

  it('invalid arguments (invalid_tool_args fault) go back as an error result; the model corrects them next step', async () => {
    suite.mock().inject('invalid_tool_args');
    const execute = vi.fn(({ city }: { city: string }) => ({ city, temperature: 18 }));
    const chat = session({
      tools: {
        get_weather: {
          description: 'Get the current weather for a city',
          parameters: z.object({ city: z.string() }),
          execute,
        } as ChatTool,
      },
    });
    expect(await chat.send('What is the weather in Paris?')).toBe(true);
    const s = chat.getSnapshot();
    const [, bad, corrected, answer] = s.messages;
    expect(bad?.toolCalls[0]?.state).toBe('error');
    expect(bad?.toolCalls[0]?.error).toMatch(/^Invalid arguments: city: /);
    expect(requests[1]?.messages.find((m) => m.role === 'tool')?.content).toBe(
      JSON.stringify({ error: bad?.toolCalls[0]?.error }),
    );
    expect(corrected?.toolCalls[0]).toMatchObject({ state: 'done', args: { city: 'Paris' } });
    expect(execute).toHaveBeenCalledTimes(1);
    expect(execute).toHaveBeenCalledWith({ city: 'Paris' }, expect.anything());
    expect(answer?.finishReason).toBe('stop');
    expect(requests).toHaveLength(3);
  });

  it('takes valibot as { standard, jsonSchema } and validates with it', async () => {
    suite.mock().inject('invalid_tool_args');
    const Args = v.object({ city: v.string() });
    const execute = vi.fn(() => 'ok');
    const chat = session({
      tools: {
        get_weather: {
          parameters: { standard: Args, jsonSchema: toJsonSchema(Args) as never },
          execute,
        } as ChatTool,
      },
    });
    await chat.send('What is the weather in Paris?');
    const [, bad, corrected] = chat.getSnapshot().messages;
    expect(bad?.toolCalls[0]?.error).toMatch(/^Invalid arguments: /);
    expect(corrected?.toolCalls[0]?.state).toBe('done');
    expect(execute).toHaveBeenCalledTimes(1);
  });

  it('checks the arguments before asking for approval: an invalid call is never shown for approval', async () => {
    suite.mock().inject('invalid_tool_args');
    const needsApproval = vi.fn(() => true);
    const chat = session({
      tools: {
        get_weather: {
          parameters: z.object({ city: z.string() }),
          needsApproval,
          execute: () => 'ok',
        } as ChatTool,
      },
    });
    const sent = chat.send('What is the weather in Paris?');
    await new Promise<void>((resolve) => {
      const unsubscribe = chat.subscribe(() => {
        if (chat.getSnapshot().status !== 'awaiting-approval') return;
        unsubscribe();
        resolve();
      });
    });
    expect(needsApproval).toHaveBeenCalledTimes(1);
    expect(needsApproval).toHaveBeenCalledWith({ city: 'Paris' });
    const waiting = chat.getSnapshot().messages[2]?.toolCalls[0];
    chat.approveToolCall(waiting?.id as string, true);
    expect(await sent).toBe(true);
  });
});
