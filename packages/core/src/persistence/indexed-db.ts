// IndexedDB in about forty lines of our own (no library): one object store of key-value pairs, every
// save one transaction, so a chat's summary and messages never disagree.
import type { ChatPersistence } from '../chat/persistence-types';
import { keyValuePersistence } from './key-value';

/** Options of `indexedDbPersistence`. */
export interface IndexedDbPersistenceOptions {
  /** The database's name. Default `'using-ai'`. */
  name?: string;
}

const STORE = 'chats';

function done<T>(request: IDBRequest<T> | IDBTransaction): Promise<T> {
  return new Promise((resolve, reject) => {
    if ('oncomplete' in request) {
      request.oncomplete = () => resolve(undefined as T);
      request.onabort = request.onerror = () => reject(request.error);
    } else {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    }
  });
}

/** Chats in IndexedDB: large histories, written off the main thread. The database opens at first use. */
export function indexedDbPersistence({
  name = 'using-ai',
}: IndexedDbPersistenceOptions = {}): ChatPersistence {
  let db: Promise<IDBDatabase> | undefined;
  const tx = async (mode: IDBTransactionMode) => {
    db ??= (() => {
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      return done(request);
    })();
    return (await db).transaction(STORE, mode);
  };
  return keyValuePersistence(
    {
      get: async (key) => done((await tx('readonly')).objectStore(STORE).get(key)),
      async set(entries) {
        const t = await tx('readwrite');
        for (const [key, value] of entries) t.objectStore(STORE).put(value, key);
        await done(t);
      },
      async del(keys) {
        const t = await tx('readwrite');
        for (const key of keys) t.objectStore(STORE).delete(key);
        await done(t);
      },
      values: async (prefix) =>
        done((await tx('readonly')).objectStore(STORE).getAll(IDBKeyRange.bound(prefix, `${prefix}\uffff`))),
    },
    `using-ai:${name}:chats`,
  );
}
