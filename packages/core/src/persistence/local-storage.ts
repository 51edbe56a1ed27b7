import type { ChatPersistence } from '../chat/persistence-types';
import { keyValuePersistence } from './key-value';

/** Options of `localStoragePersistence`. */
export interface LocalStoragePersistenceOptions {
  /** Prefix of every key written. Default `'using-ai:'`. */
  prefix?: string;
  /** Default `globalThis.localStorage` (looked up on each call, so creating it during SSR is fine). */
  storage?: Storage;
}

/**
 * Chats in `localStorage` (about 5 MB per origin: prefer `indexedDbPersistence()` for long histories).
 * A save over the quota rejects, and the session tries again with its next change.
 */
export function localStoragePersistence({
  prefix = 'using-ai:',
  storage,
}: LocalStoragePersistenceOptions = {}): ChatPersistence {
  const store = () => storage ?? globalThis.localStorage;
  return keyValuePersistence(
    {
      async get(key) {
        const text = store().getItem(prefix + key);
        return text === null ? undefined : JSON.parse(text);
      },
      async set(entries) {
        for (const [key, value] of entries) store().setItem(prefix + key, JSON.stringify(value));
      },
      async del(keys) {
        for (const key of keys) store().removeItem(prefix + key);
      },
      async values(start) {
        const s = store();
        const out: unknown[] = [];
        for (let i = 0; i < s.length; i += 1) {
          const key = s.key(i);
          if (key?.startsWith(prefix + start)) out.push(JSON.parse(s.getItem(key) as string));
        }
        return out;
      },
    },
    `${prefix}chats`,
  );
}
