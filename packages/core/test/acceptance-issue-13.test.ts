import 'fake-indexeddb/auto';
// Acceptance for issue #13 (chat history: persistence, branches, several tabs, a queue), written as a user
// of @using-ai/core would, against the real emulator over HTTP.
import {
  type ChatPersistence,
  type ChatSession,
  type ChatSessionOptions,
  type ChatSummary,
  createChatSession,
  createClient,
  indexedDbPersistence,
  localStoragePersistence,
  memoryPersistence,
  type StoredChat,
} from '@using-ai/core';
import * as persistenceEntry from '@using-ai/core/persistence';
import { type MockServer, startMockServer } from '@using-ai/mock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { until } from './chat/until';

let mock: MockServer;
const cleanups: (() => void)[] = [];
beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(() => mock.close());
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  mock.reset();
});

const client = () =>
  createClient({
    baseURL: mock.baseURL,
    headers: { Authorization: 'Bearer sk-test-supermaxes' },
    retryDelay: { baseMs: 1, maxMs: 5 },
  });

function session(options: ChatSessionOptions, subscribe = true): ChatSession {
  const chat = createChatSession(client(), { model: 'haiku-4.5', throttle: false, ...options });
  if (subscribe) cleanups.push(chat.subscribe(() => {}));
  return chat;
}

describe('issue 13: exports', () => {
  it('ChatPersistence and the three built-ins come from @using-ai/core and @using-ai/core/persistence', () => {
    for (const make of [memoryPersistence, localStoragePersistence, indexedDbPersistence]) {
      expect(typeof make).toBe('function');
    }
    expect(persistenceEntry.memoryPersistence).toBe(memoryPersistence);
    expect(persistenceEntry.localStoragePersistence).toBe(localStoragePersistence);
    expect(persistenceEntry.indexedDbPersistence).toBe(indexedDbPersistence);
  });

  it('an app can write its own ChatPersistence (load, save, remove, list)', async () => {
    const store = new Map<string, StoredChat>();
    const mine: ChatPersistence = {
      load: async (id) => store.get(id) ?? null,
      save: async (chat) => void store.set(chat.id, structuredClone(chat)),
      remove: async (id) => void store.delete(id),
      list: async (): Promise<ChatSummary[]> =>
        [...store.values()].map(({ id, title, updatedAt }) => ({ id, title, updatedAt })),
    };
    const chat = session({ id: 'own', persistence: mine });
    await until(chat, (s) => !s.loading);
    expect(await chat.send('Tell me about owls.')).toBe(true);
    await vi.waitFor(() => expect(store.get('own')?.messages.length).toBe(2));
    const [summary] = await mine.list();
    expect(summary?.title).toBe('Tell me about owls.');
  });
});

describe('issue 13: persistence', () => {
  it('loads on first subscribe (loading until then), saves by itself, and a new session gets it back', async () => {
    const persistence = memoryPersistence();
    const chat = session({ id: 'p1', persistence }, false);
    expect(chat.getSnapshot().status).toBe('loading');
    expect(chat.getSnapshot().loading).toBe(true);
    cleanups.push(chat.subscribe(() => {}));
    await until(chat, (s) => !s.loading && s.status === 'idle');
    await chat.send('Tell me about cats.');
    const settled = chat.getSnapshot().messages;
    await vi.waitFor(async () => expect((await persistence.load('p1'))?.messages.length).toBe(2));
    const list = await persistence.list();
    expect(list.map((c) => c.id)).toEqual(['p1']);
    expect(list[0]?.title).toBe('Tell me about cats.');
    expect(typeof list[0]?.updatedAt).toBe('number');

    const again = session({ id: 'p1', persistence });
    const loaded = await until(again, (s) => !s.loading);
    expect(loaded.messages.map((m) => [m.role, m.content])).toEqual(settled.map((m) => [m.role, m.content]));
    expect(loaded.messages[1]?.incomplete).toBeFalsy();
  });

  it('a reload mid-stream keeps the partial answer, marked incomplete: true; saves are not per chunk', async () => {
    mock.configure({ tokensPerSecond: 40 });
    mock.script({ text: 'word '.repeat(200) });
    const inner = memoryPersistence();
    // What the page had saved when it was "reloaded": the first save that holds part of an answer.
    let midStream: StoredChat | null = null;
    let saves = 0;
    const persistence: ChatPersistence = {
      ...inner,
      async save(chat) {
        saves += 1;
        const answer = chat.messages.at(-1);
        if (!midStream && answer?.role === 'assistant' && answer.content && !answer.finishReason) {
          midStream = structuredClone(chat);
        }
        return inner.save(chat);
      },
    };
    const chat = session({ id: 'p2', persistence });
    await until(chat, (s) => !s.loading);
    void chat.send('Tell me a long story.');
    await vi.waitFor(() => expect(midStream).not.toBeNull(), { timeout: 4000 });
    const chunks = chat.getSnapshot().messages[1]?.content.split(' ').length ?? 0;
    chat.stop();
    expect(saves).toBeLessThan(chunks);

    const reloaded = memoryPersistence();
    await reloaded.save(midStream as unknown as StoredChat);
    const after = session({ id: 'p2', persistence: reloaded });
    const snapshot = await until(after, (s) => !s.loading);
    const answer = snapshot.messages.at(-1);
    expect(answer?.role).toBe('assistant');
    expect(answer?.content.length).toBeGreaterThan(0);
    expect(answer?.finishReason).toBeNull();
    expect(answer?.incomplete).toBe(true);
    expect(snapshot.status).toBe('idle');
  });
});

describe('issue 13: branches', () => {
  it('regenerate keeps the old answer; branchesOf gives { ids, index }; selectBranch switches', async () => {
    const chat = session({});
    await chat.send('Tell me about cats.');
    const first = chat.getSnapshot().messages[1];
    expect(first?.parentId).toBe(chat.getSnapshot().messages[0]?.id);
    expect(chat.getSnapshot().messages[0]?.parentId ?? null).toBeNull();
    await chat.regenerate();
    const second = chat.getSnapshot().messages[1];
    expect(chat.getSnapshot().messages).toHaveLength(2);
    expect(second?.id).not.toBe(first?.id);
    expect(chat.branchesOf(second?.id ?? '')).toEqual({ ids: [first?.id, second?.id], index: 1 });
    expect(chat.branchesOf(first?.id ?? '')).toEqual({ ids: [first?.id, second?.id], index: 0 });
    expect(chat.selectBranch(first?.id ?? '')).toBe(true);
    expect(chat.getSnapshot().messages[1]?.id).toBe(first?.id);
    expect(chat.getSnapshot().messages[1]?.content).toBe(first?.content);
  });

  it('edit keeps the old user message and its answer as a branch; the tree survives a save/load', async () => {
    const persistence = memoryPersistence();
    const chat = session({ id: 'b2', persistence });
    await until(chat, (s) => !s.loading);
    await chat.send('Tell me about cats.');
    const userId = chat.getSnapshot().messages[0]?.id ?? '';
    await chat.edit(userId, 'Tell me about dogs.');
    const now = chat.getSnapshot().messages;
    expect(now[0]?.content).toBe('Tell me about dogs.');
    const branches = chat.branchesOf(now[0]?.id ?? '');
    expect(branches.ids).toHaveLength(2);
    expect(branches.index).toBe(1);
    chat.selectBranch(branches.ids[0] ?? '');
    expect(chat.getSnapshot().messages[0]?.content).toBe('Tell me about cats.');
    expect(chat.getSnapshot().messages).toHaveLength(2);
    await vi.waitFor(async () => expect((await persistence.load('b2'))?.messages.length).toBe(4));

    const loaded = session({ id: 'b2', persistence });
    const snapshot = await until(loaded, (s) => !s.loading);
    expect(snapshot.messages[0]?.content).toBe('Tell me about cats.');
    const ids = loaded.branchesOf(snapshot.messages[0]?.id ?? '').ids;
    expect(ids).toHaveLength(2);
    loaded.selectBranch(ids[1] ?? '');
    expect(loaded.getSnapshot().messages[0]?.content).toBe('Tell me about dogs.');
    expect(loaded.getSnapshot().messages).toHaveLength(2);
  });
});

describe('issue 13: a queue', () => {
  it("whileBusy: 'queue' shows messages in queued and sends them in order; clearQueue empties it", async () => {
    mock.configure({ tokensPerSecond: 200 });
    const chat = session({ whileBusy: 'queue', max_tokens: 20 });
    const first = chat.send('One');
    await until(chat, (s) => s.status !== 'idle');
    const second = chat.send('Two');
    const third = chat.send('Three');
    expect(chat.getSnapshot().queued.map((m) => m.content)).toEqual(['Two', 'Three']);
    expect(await first).toBe(true);
    expect(await second).toBe(true);
    expect(await third).toBe(true);
    expect(chat.getSnapshot().queued).toEqual([]);
    const users = chat.getSnapshot().messages.filter((m) => m.role === 'user');
    expect(users.map((m) => m.content)).toEqual(['One', 'Two', 'Three']);

    const busy = chat.send('Four');
    await until(chat, (s) => s.status !== 'idle');
    const dropped = chat.send('Five');
    chat.clearQueue();
    expect(chat.getSnapshot().queued).toEqual([]);
    expect(await dropped).toBe(false);
    await busy;
  });

  it("stop() keeps the queue; 'refuse' (the default) resolves false", async () => {
    mock.configure({ tokensPerSecond: 50 });
    const queueing = session({ whileBusy: 'queue', max_tokens: 200 });
    void queueing.send('One');
    await until(queueing, (s) => s.status === 'streaming');
    const next = queueing.send('Two');
    queueing.stop();
    expect(await next).toBe(true);
    expect(
      queueing
        .getSnapshot()
        .messages.filter((m) => m.role === 'user')
        .map((m) => m.content),
    ).toEqual(['One', 'Two']);

    const refusing = session({ max_tokens: 200 });
    void refusing.send('One');
    await until(refusing, (s) => s.status !== 'idle');
    expect(await refusing.send('Two')).toBe(false);
    expect(refusing.getSnapshot().queued).toEqual([]);
    refusing.stop();
  });
});

describe('issue 13: several tabs (sync: true over a real BroadcastChannel)', () => {
  it('two sessions on one id stay the same; one send makes one request', async () => {
    const a = session({ id: 'tabs-1', sync: true });
    const b = session({ id: 'tabs-1', sync: true });
    // Different clients so that the registry cannot make them one session: these are two "tabs".
    expect(a).not.toBe(b);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = mock.requests().length;
    await a.send('Hello from tab A');
    await vi.waitFor(() =>
      expect(b.getSnapshot().messages.map((m) => m.content)).toEqual(
        a.getSnapshot().messages.map((m) => m.content),
      ),
    );
    expect(b.getSnapshot().messages).toHaveLength(2);
    expect(mock.requests().length - before).toBe(1);
    await vi.waitFor(() => expect(b.getSnapshot().status).toBe('idle'));
    await b.send('And from tab B');
    await vi.waitFor(() => expect(a.getSnapshot().messages).toHaveLength(4));
    expect(mock.requests().length - before).toBe(2);
  });

  it('closing the tab that streams does not leave the others stuck: idle, the answer ended', async () => {
    mock.configure({ tokensPerSecond: 50 });
    const a = createChatSession(client(), { id: 'tabs-2', sync: true, model: 'haiku-4.5', throttle: false });
    const stopA = a.subscribe(() => {});
    const b = session({ id: 'tabs-2', sync: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    void a.send('Tell me a long story.');
    await vi.waitFor(() => expect(b.getSnapshot().messages[1]?.content.length ?? 0).toBeGreaterThan(0));
    expect(b.getSnapshot().status).not.toBe('idle');
    stopA(); // the streaming tab goes away (its last subscriber leaves)
    await vi.waitFor(() => expect(b.getSnapshot().status).toBe('idle'), { timeout: 3000 });
    // Its last subscriber leaving stops that tab's answer (finishReason 'aborted'); a pagehide, which Node
    // has not, would leave it cut off (incomplete). Either way the answer is no longer shown as streaming.
    const answer = b.getSnapshot().messages[1];
    expect(answer?.finishReason === 'aborted' || answer?.incomplete === true).toBe(true);
    expect(await b.send('Still there?')).toBe(true);
  });
});

describe('issue 13: indexedDbPersistence (fake-indexeddb in Node)', () => {
  it('saves, lists, renames and removes; the tree round-trips', async () => {
    const persistence = indexedDbPersistence({ name: `acceptance-${Date.now()}` });
    const chat = session({ id: 'idb-1', persistence });
    await until(chat, (s) => !s.loading);
    await chat.send('Tell me about cats.');
    await chat.regenerate();
    await vi.waitFor(async () => expect((await persistence.load('idb-1'))?.messages).toHaveLength(3));
    expect((await persistence.list()).map((c) => c.title)).toEqual(['Tell me about cats.']);
    await persistence.rename?.('idb-1', 'Cats');
    expect((await persistence.list())[0]?.title).toBe('Cats');
    const again = session({ id: 'idb-1', persistence });
    const loaded = await until(again, (s) => !s.loading);
    expect(again.branchesOf(loaded.messages[1]?.id ?? '').ids).toHaveLength(2);
    await persistence.remove('idb-1');
    expect(await persistence.load('idb-1')).toBeNull();
    expect(await persistence.list()).toEqual([]);
  });
});

describe('issue 13: localStoragePersistence tells other tabs', () => {
  it('a save, a rename and a removal in one tab reach the listeners of another', async () => {
    const map = new Map<string, string>();
    const storage = {
      get length() {
        return map.size;
      },
      key: (i: number) => [...map.keys()][i] ?? null,
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
      removeItem: (k: string) => void map.delete(k),
    };
    const prefix = `acceptance-${Date.now()}:`;
    const here = localStoragePersistence({ storage, prefix });
    const there = localStoragePersistence({ storage, prefix });
    let heard = 0;
    const unsubscribe = there.subscribe?.(() => {
      heard += 1;
    });
    cleanups.push(() => unsubscribe?.());
    const chat = session({ id: 'ls-1', persistence: here });
    await until(chat, (s) => !s.loading);
    await chat.send('Tell me about lynxes.');
    await vi.waitFor(() => expect(heard).toBeGreaterThan(0));
    expect((await there.list()).map((c) => c.title)).toEqual(['Tell me about lynxes.']);
    const before = heard;
    await here.rename?.('ls-1', 'Lynxes');
    await vi.waitFor(() => expect(heard).toBeGreaterThan(before));
    expect((await there.list())[0]?.title).toBe('Lynxes');
    const beforeRemove = heard;
    await here.remove('ls-1');
    await vi.waitFor(() => expect(heard).toBeGreaterThan(beforeRemove));
    expect(await there.list()).toEqual([]);
  });
});
