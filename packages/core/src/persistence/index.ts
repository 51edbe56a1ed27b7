/**
 * Built-in chat persistences (`localStorage`, IndexedDB) and the types to write your own.
 *
 * @module \@using-ai/core/persistence
 */
// Built-in chat persistences, each its own export: an app pays only for the one it imports.

export { chatTitle } from '../chat/chat-title';
export type { ChatPersistence, ChatSummary, StoredChat } from '../chat/persistence-types';
export { type IndexedDbPersistenceOptions, indexedDbPersistence } from './indexed-db';
export { type KeyValue, keyValuePersistence } from './key-value';
export {
  type LocalStoragePersistenceOptions,
  localStoragePersistence,
  type StorageLike,
} from './local-storage';
export { memoryPersistence } from './memory';
