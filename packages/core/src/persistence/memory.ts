import type { ChatPersistence } from '../chat/persistence-types';
import { keyValuePersistence } from './key-value';

/**
 * Chats kept in memory, for tests and server renders: gone with the page, not shared between tabs.
 * Values are copied in and out (structuredClone), as a real storage would.
 */
export function memoryPersistence(): ChatPersistence {
  const data = new Map<string, unknown>();
  return keyValuePersistence({
    get: async (key) => (data.has(key) ? structuredClone(data.get(key)) : undefined),
    async set(entries) {
      for (const [key, value] of entries) data.set(key, structuredClone(value));
    },
    async del(keys) {
      for (const key of keys) data.delete(key);
    },
    values: async (prefix) =>
      [...data].filter(([key]) => key.startsWith(prefix)).map(([, v]) => structuredClone(v)),
  });
}
