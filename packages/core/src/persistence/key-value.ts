// The built-in persistences share one layout over a tiny async key-value store: `meta:<id>` holds a
// chat's summary (small, so `list` reads no messages), `chat:<id>` its messages. Each backend (memory,
// localStorage, IndexedDB) only implements KeyValue.
import type { ChatPersistence, ChatSummary, StoredChat } from '../chat/persistence-types';

/** The storage under a built-in persistence. `set` writes all entries together (one transaction where there is one). */
export interface KeyValue {
  /** The value stored under `key`, or `undefined`. */
  get(key: string): Promise<unknown>;
  /** Stores every `[key, value]` pair at once (one transaction where the store has them). */
  set(entries: [string, unknown][]): Promise<void>;
  /** Removes the keys at once. */
  del(keys: string[]): Promise<void>;
  /** The values of the keys that start with `prefix`. */
  values(prefix: string): Promise<unknown[]>;
}

interface Meta extends ChatSummary {
  /** The title was set by `rename`: saves keep it. */
  custom?: boolean;
}

/**
 * A ChatPersistence over `kv`. `channel`, when given, names the BroadcastChannel that tells the other tabs
 * (their `useChatList`) that the chats changed.
 */
export function keyValuePersistence(kv: KeyValue, channel?: string): ChatPersistence {
  const listeners = new Set<() => void>();
  let broadcast: BroadcastChannel | null = null;
  const open = () => {
    if (!broadcast && channel && typeof BroadcastChannel === 'function') {
      broadcast = new BroadcastChannel(channel);
      broadcast.onmessage = notify;
    }
    return broadcast;
  };
  function notify() {
    for (const listener of [...listeners]) listener();
  }
  function changed() {
    notify();
    open()?.postMessage(1);
  }
  const meta = (id: string) => kv.get(`meta:${id}`) as Promise<Meta | undefined>;

  return {
    async load(id) {
      const [summary, chat] = await Promise.all([meta(id), kv.get(`chat:${id}`)]);
      if (!summary || !chat) return null;
      const { custom: _custom, ...rest } = summary;
      return { ...rest, ...(chat as Pick<StoredChat, 'messages' | 'activeId'>) };
    },
    async save({ messages, activeId, ...summary }) {
      const old = await meta(summary.id);
      const title = old?.custom ? old.title : summary.title;
      await kv.set([
        [`meta:${summary.id}`, { ...summary, title, ...(old?.custom && { custom: true }) }],
        [`chat:${summary.id}`, { messages, activeId }],
      ]);
      changed();
    },
    async remove(id) {
      await kv.del([`meta:${id}`, `chat:${id}`]);
      changed();
    },
    async list() {
      const all = (await kv.values('meta:')) as Meta[];
      return all
        .map(({ id, title, updatedAt }) => ({ id, title, updatedAt }))
        .sort((a, b) => b.updatedAt - a.updatedAt);
    },
    async rename(id, title) {
      const old = await meta(id);
      if (!old) return;
      await kv.set([[`meta:${id}`, { ...old, title, custom: true }]]);
      changed();
    },
    subscribe(listener) {
      listeners.add(listener);
      open();
      return () => {
        listeners.delete(listener);
        if (!listeners.size) {
          broadcast?.close();
          broadcast = null;
        }
      };
    },
  };
}
