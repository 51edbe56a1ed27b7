// A session with `persistence`: loads at the first subscribe, saves by itself (never per chunk), and a
// reload in the middle of a stream keeps the partial answer, marked incomplete.
import { type ChatPersistence, createChatSession, createClient, type StoredChat } from '@using-ai/core';
import { memoryPersistence } from '@using-ai/core/persistence';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setupChatSuite } from './support';
import { until } from './until';

const suite = setupChatSuite();
const session = (options = {}) => suite.session({ model: 'haiku-4.5', ...options });

/** A memory persistence that records every saved chat (a copy). */
function counted(): ChatPersistence & { saves: StoredChat[] } {
  const inner = memoryPersistence();
  const saves: StoredChat[] = [];
  return {
    ...inner,
    saves,
    save(chat) {
      saves.push(structuredClone(chat));
      return inner.save(chat);
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('persistence', () => {
  it('says loading until the first subscribe has loaded the chat; send is refused meanwhile', async () => {
    const persistence = memoryPersistence();
    await persistence.save({
      id: 'c1',
      title: 'Cats',
      updatedAt: 1,
      activeId: 'u1',
      messages: [
        {
          id: 'u1',
          parentId: null,
          role: 'user',
          content: 'Cats?',
          reasoning: '',
          toolCalls: [],
          usage: null,
          finishReason: null,
        },
      ],
    });
    const client = createClient({ baseURL: suite.mock().baseURL });
    const chat = createChatSession(client, { id: 'c1', persistence, model: 'haiku-4.5' });
    expect(chat.getSnapshot()).toMatchObject({ status: 'loading', loading: true, messages: [] });
    expect(chat.getInitialSnapshot().status).toBe('loading');
    expect(await chat.send('too early')).toBe(false);
    const unsubscribe = chat.subscribe(() => {});
    const loaded = await until(chat, (s) => !s.loading);
    expect(loaded.status).toBe('idle');
    expect(loaded.messages.map((m) => m.content)).toEqual(['Cats?']);
    unsubscribe();
  });

  it('a tool call saved while it ran is loaded stopped, so the chat is not blocked', async () => {
    const persistence = memoryPersistence();
    const base = { reasoning: '', usage: null };
    await persistence.save({
      id: 'c-tools',
      title: 'Weather',
      updatedAt: 1,
      activeId: 'a1',
      messages: [
        {
          ...base,
          id: 'u1',
          parentId: null,
          role: 'user',
          content: 'Weather?',
          toolCalls: [],
          finishReason: null,
        },
        {
          ...base,
          id: 'a1',
          parentId: 'u1',
          role: 'assistant',
          content: '',
          finishReason: 'tool_calls',
          toolCalls: [
            {
              id: 'call-1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
              state: 'running',
              args: { city: 'Paris' },
            },
          ],
        },
      ],
    });
    const chat = session({ id: 'c-tools', persistence });
    const loaded = await until(chat, (s) => !s.loading);
    expect(loaded.messages[1]?.toolCalls[0]).toMatchObject({ state: 'error', error: 'Stopped' });
    expect(loaded.messages[1]?.incomplete).toBeUndefined();
    expect(await chat.send('Never mind. Tell me about cats.')).toBe(true);
  });

  it('initialMessages start a chat that was never stored; a stored chat wins over them', async () => {
    const persistence = memoryPersistence();
    const initialMessages = [{ role: 'user' as const, content: 'Hello from the start.' }];
    const fresh = session({ id: 'c-init', persistence, initialMessages });
    const first = await until(fresh, (s) => !s.loading);
    expect(first.messages.map((m) => m.content)).toEqual(['Hello from the start.']);
    await fresh.send('Tell me about cats.');
    const expected = fresh.getSnapshot().messages;
    await vi.waitFor(async () => expect((await persistence.load('c-init'))?.messages).toHaveLength(3));
    const again = session({ id: 'c-init', persistence, initialMessages });
    expect((await until(again, (s) => !s.loading)).messages).toEqual(expected);
  });

  it('a request that breaks mid-stream is saved with its partial answer, loaded as incomplete', async () => {
    const persistence = counted();
    const chat = session({ id: 'c-fail', persistence });
    await until(chat, (s) => !s.loading);
    suite.mock().inject('drop_mid_stream');
    await chat.send('Tell me about cats.');
    expect(chat.getSnapshot().status).toBe('error');
    await vi.waitFor(() => expect(persistence.saves.at(-1)?.messages[1]?.content).toBeTruthy());
    const again = session({ id: 'c-fail', persistence });
    expect((await until(again, (s) => !s.loading)).messages[1]?.incomplete).toBe(true);
  });

  it('saves when the answer settles, with a title from the first user message', async () => {
    const persistence = counted();
    const chat = session({ id: 'c2', persistence });
    await until(chat, (s) => !s.loading);
    await chat.send('Tell me about cats.\nIn detail.');
    // Saves are asynchronous: wait until the stored chat is the settled one.
    const saved = await vi.waitFor(async () => {
      const stored = await persistence.load('c2');
      if (stored?.messages[1]?.finishReason !== 'stop') throw new Error('not saved yet');
      return stored;
    });
    expect(saved.activeId).toBe(chat.getSnapshot().messages[1]?.id);
    expect(persistence.saves.at(-1)?.messages[1]?.finishReason).toBe('stop');
    expect(await persistence.list()).toEqual([
      { id: 'c2', title: 'Tell me about cats.', updatedAt: saved.updatedAt },
    ]);
  });

  it('a reload in the middle of a stream keeps the partial answer, marked incomplete', async () => {
    const persistence = memoryPersistence();
    suite.mock().configure({ tokensPerSecond: 20 });
    const first = session({ id: 'c3', persistence });
    await until(first, (s) => !s.loading);
    void first.send('Tell me about cats.');
    // The first save while streaming, about a second in: the partial answer is stored.
    const stored = await vi.waitFor(
      async () => {
        const chat = await persistence.load('c3');
        const answer = chat?.messages[1];
        if (!answer?.content) throw new Error('not saved yet');
        return chat as StoredChat;
      },
      { timeout: 5000, interval: 50 },
    );
    expect(stored.messages[1]?.finishReason).toBeNull();

    // "Reload": a new session (new client, as a new page) on the same storage.
    const client = createClient({
      baseURL: suite.mock().baseURL,
      headers: { Authorization: 'Bearer sk-test-supermaxes' },
    });
    const reloaded = createChatSession(client, { id: 'c3-reload', persistence: aliasOf(persistence, 'c3') });
    const unsubscribe = reloaded.subscribe(() => {});
    const snapshot = await until(reloaded, (s) => !s.loading);
    const answer = snapshot.messages[1];
    expect(answer).toMatchObject({ role: 'assistant', incomplete: true, finishReason: null });
    expect(first.getSnapshot().messages[1]?.content.startsWith(answer?.content as string)).toBe(true);
    expect(snapshot.status).toBe('idle');
    // The cut-off answer is sent back as history; the chat goes on.
    suite.mock().configure({ tokensPerSecond: 0 });
    first.stop();
    expect(await reloaded.send('Go on.')).toBe(true);
    unsubscribe();
  });

  it('saves about once a second during a 2,000-token stream, never once per chunk', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const persistence = counted();
    const stream = new TransformStream<Uint8Array, Uint8Array>();
    const writer = stream.writable.getWriter();
    const encoder = new TextEncoder();
    const write = (data: unknown) => writer.write(encoder.encode(`data: ${JSON.stringify(data)}\n\n`));
    const chunk = (delta: object, finish: string | null = null) => ({
      id: 'c',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'haiku-4.5',
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
    // The network, not our code, is replaced: an SSE body we write to, token by token, on fake time.
    const client = createClient({
      baseURL: 'http://127.0.0.1:9',
      fetch: async () => new Response(stream.readable, { headers: { 'content-type': 'text/event-stream' } }),
    });
    const chat = createChatSession(client, { id: 'long', persistence, model: 'haiku-4.5', throttle: false });
    const unsubscribe = chat.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(0);
    expect(chat.getSnapshot().loading).toBe(false);
    const done = chat.send('Write a lot.');
    await write(chunk({ role: 'assistant', content: '' }));
    const TOKENS = 2000;
    const STEP_MS = 10; // 100 tokens a second: 20 s of stream.
    for (let i = 0; i < TOKENS; i += 1) {
      await write(chunk({ content: `t${i} ` }));
      await vi.advanceTimersByTimeAsync(STEP_MS);
    }
    const whileStreaming = persistence.saves.length;
    await write(chunk({}, 'stop'));
    await writer.write(encoder.encode('data: [DONE]\n\n'));
    // The client cancels the body after [DONE]; closing it then has nothing left to close.
    await writer.close().catch(() => {});
    await vi.advanceTimersByTimeAsync(0);
    expect(await done).toBe(true);
    await vi.advanceTimersByTimeAsync(0);

    const seconds = (TOKENS * STEP_MS) / 1000;
    // The first save holds the user message; then one per second of streaming; one more when it settles.
    expect(whileStreaming).toBeGreaterThanOrEqual(seconds - 1);
    expect(whileStreaming).toBeLessThanOrEqual(seconds + 3);
    expect(whileStreaming).toBeLessThan(TOKENS / 50);
    expect(persistence.saves.length).toBeLessThanOrEqual(seconds + 4);
    const last = persistence.saves.at(-1) as StoredChat;
    expect(last.messages[1]?.content).toBe(chat.getSnapshot().messages[1]?.content);
    expect(last.messages[1]?.finishReason).toBe('stop');
    // Each save while streaming held more of the answer than the one before.
    const lengths = persistence.saves.map((s) => s.messages[1]?.content.length ?? 0);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    unsubscribe();
  });
});

/** The same stored chat under another session id (a second page reading what the first wrote). */
function aliasOf(persistence: ChatPersistence, id: string): ChatPersistence {
  return { ...persistence, load: () => persistence.load(id), save: () => {} };
}
