// whileBusy: 'queue': messages sent while an answer streams go out in order, each after the one before.
import { describe, expect, it } from 'vitest';
import { setupChatSuite } from './support';
import { until } from './until';

const suite = setupChatSuite();
const session = (options = {}) => suite.session({ model: 'haiku-4.5', ...options });

describe('whileBusy', () => {
  it("'refuse' (the default) refuses a send while busy and changes nothing", async () => {
    const chat = session();
    const first = chat.send('Tell me about cats.');
    expect(await chat.send('And dogs?')).toBe(false);
    expect(chat.getSnapshot().queued).toEqual([]);
    await first;
    expect(chat.getSnapshot().messages.map((m) => m.content)).not.toContain('And dogs?');
  });

  it("'queue' shows queued messages and sends them in order, each after the previous answer settles", async () => {
    const chat = session({ whileBusy: 'queue' });
    const first = chat.send('Tell me about cats.');
    const second = chat.send('And dogs?');
    const third = chat.send('And owls?');
    expect(chat.getSnapshot().queued.map((m) => m.content)).toEqual(['And dogs?', 'And owls?']);
    expect(await Promise.all([first, second, third])).toEqual([true, true, true]);
    const { messages, queued } = chat.getSnapshot();
    expect(queued).toEqual([]);
    expect(messages.map((m) => m.role)).toEqual([
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
      'assistant',
    ]);
    expect(messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual([
      'Tell me about cats.',
      'And dogs?',
      'And owls?',
    ]);
    // One request per message, each with the answers before it.
    expect(suite.requests.map((r) => r.messages.length)).toEqual([1, 3, 5]);
  });

  it('stop() keeps the queue: the next queued message goes out; clearQueue() empties it', async () => {
    suite.mock().configure({ tokensPerSecond: 40 });
    const chat = session({ whileBusy: 'queue' });
    void chat.send('Tell me about cats.');
    const second = chat.send('And dogs?');
    const third = chat.send('And owls?');
    await until(chat, (s) => s.status === 'streaming');
    chat.stop();
    expect(chat.getSnapshot().messages[1]?.finishReason).toBe('aborted');
    const next = await until(chat, (s) => s.queued.length === 1 && s.status === 'streaming');
    expect(next.messages.at(-2)?.content).toBe('And dogs?');
    chat.clearQueue();
    expect(chat.getSnapshot().queued).toEqual([]);
    expect(await third).toBe(false);
    suite.mock().configure({ tokensPerSecond: 0 });
    expect(await second).toBe(true);
    expect(suite.requests).toHaveLength(2);
  });
});
