// stop() while the code of Standard Schema tools (chat/tool-gate.ts) is still loading: the request that
// waits for it is never sent. In a file of its own, so that nothing has loaded that code before.
import type { ChatTool } from '@using-ai/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadedToolGate } from '../../src/chat/opt-in-tools';
import { setupChatSuite } from './support';

const { requests, session } = setupChatSuite();

describe('a request waiting for the tool gate', () => {
  it('stop() while the code of a Standard Schema tool loads sends no request', async () => {
    const chat = session({});
    chat.setOptions({ tools: { get_weather: { parameters: z.object({ city: z.string() }) } as ChatTool } });
    const sent = chat.send('What is the weather in Paris?');
    expect(loadedToolGate()).toBeUndefined();
    expect(chat.getSnapshot().status).toBe('submitted');
    chat.stop();
    expect(await sent).toBe(true);
    expect(requests).toHaveLength(0);
    expect(chat.getSnapshot().status).toBe('idle');
  });
});
