import type { ChatPersistence } from '../chat/persistence-types';
import { keyValuePersistence } from './key-value';

/**
 * The part of the Web Storage API used here: `localStorage`, `sessionStorage` or any object like them.
 * Our own type, not the DOM's `Storage`, so the published types check in a Node-only project too.
 */
export interface StorageLike {
  readonly length: number;
  /** The name of the `index`-th key, or `null`. */
  key(index: number): string | null;
  /** The value stored under `key`, or `null`. */
  getItem(key: string): string | null;
  /** Stores `value` under `key`. */
  setItem(key: string, value: string): void;
  /** Removes `key`. */
  removeItem(key: string): void;
}

/** Options of `localStoragePersistence`. */
export interface LocalStoragePersistenceOptions {
  /** Prefix of every key written. Default `'using-ai:'`. */
  prefix?: string;
  /** Default `globalThis.localStorage` (looked up on each call, so creating it during SSR is fine). */
  storage?: StorageLike;
}

/**
 * Chats in `localStorage` (about 5 MB per origin: prefer `indexedDbPersistence()` for long histories).
 * A save over the quota rejects, and the session tries again with its next change.
 */
export function localStoragePersistence({
  prefix = 'using-ai:',
  storage,
}: LocalStoragePersistenceOptions = {}): ChatPersistence {
  const store = (): StorageLike =>
    storage ?? (globalThis as { localStorage?: StorageLike }).localStorage ?? missingStorage();
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

function missingStorage(): never {
  throw new TypeError('localStoragePersistence: no localStorage here; pass `storage`.');
}
