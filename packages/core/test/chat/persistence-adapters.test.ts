// The built-in persistences behave alike: save/load/list/remove/rename, titles kept, change events.
import 'fake-indexeddb/auto';
import type { ChatPersistence, StoredChat } from '@using-ai/core';
import { indexedDbPersistence, localStoragePersistence, memoryPersistence } from '@using-ai/core/persistence';
import { describe, expect, it, vi } from 'vitest';

/** Storage as the browser's, over a Map (Node has no localStorage). */
class MapStorage implements Storage {
  private data = new Map<string, string>();
  get length() {
    return this.data.size;
  }
  clear() {
    this.data.clear();
  }
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  key(index: number) {
    return [...this.data.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.data.delete(key);
  }
  setItem(key: string, value: string) {
    this.data.set(key, String(value));
  }
}

function chat(id: string, updatedAt: number, title = `Chat ${id}`): StoredChat {
  return {
    id,
    title,
    updatedAt,
    activeId: `${id}-u`,
    messages: [
      {
        id: `${id}-u`,
        parentId: null,
        role: 'user',
        content: title,
        reasoning: '',
        toolCalls: [],
        usage: null,
        finishReason: null,
      },
    ],
  };
}

let dbCount = 0;
const nextName = () => {
  dbCount += 1;
  return `db${dbCount}`;
};
const kinds: Array<[string, () => [ChatPersistence, ChatPersistence]]> = [
  [
    'memoryPersistence',
    () => {
      const p = memoryPersistence();
      return [p, p];
    },
  ],
  [
    'localStoragePersistence',
    () => {
      const storage = new MapStorage();
      const prefix = `${nextName()}:`;
      return [localStoragePersistence({ storage, prefix }), localStoragePersistence({ storage, prefix })];
    },
  ],
  [
    'indexedDbPersistence',
    () => {
      const name = nextName();
      return [indexedDbPersistence({ name }), indexedDbPersistence({ name })];
    },
  ],
];

describe.each(kinds)('%s', (_name, make) => {
  it('saves, loads, lists newest first and removes', async () => {
    const [p] = make();
    expect(await p.load('a')).toBeNull();
    await p.save(chat('a', 1));
    await p.save(chat('b', 3));
    await p.save(chat('c', 2));
    expect(await p.load('a')).toEqual(chat('a', 1));
    expect((await p.list()).map((c) => c.id)).toEqual(['b', 'c', 'a']);
    expect((await p.list())[0]).toEqual({ id: 'b', title: 'Chat b', updatedAt: 3 });
    await p.remove('b');
    expect(await p.load('b')).toBeNull();
    expect((await p.list()).map((c) => c.id)).toEqual(['c', 'a']);
  });

  it('rename sets a title that later saves keep', async () => {
    const [p] = make();
    await p.save(chat('a', 1));
    await p.rename?.('a', 'My cats');
    await p.save(chat('a', 5, 'From the first message'));
    expect(await p.list()).toEqual([{ id: 'a', title: 'My cats', updatedAt: 5 }]);
    expect((await p.load('a'))?.title).toBe('My cats');
  });

  it('tells subscribers of saves, renames and removals (another instance too, as another tab)', async () => {
    const [p, other] = make();
    const heard = vi.fn();
    const unsubscribe = other.subscribe?.(heard);
    await p.save(chat('a', 1));
    await vi.waitFor(() => expect(heard).toHaveBeenCalledTimes(1));
    await p.rename?.('a', 'x');
    await p.remove('a');
    await vi.waitFor(() => expect(heard).toHaveBeenCalledTimes(3));
    unsubscribe?.();
  });
});
