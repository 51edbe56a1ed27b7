// The shapes a chat is stored in: an app can write its own `ChatPersistence` (for its server, say);
// the built-in ones live in ../persistence, so an app that uses none pays nothing for them.
import type { ChatSessionMessage } from './message-types';

/** A chat in a list (a sidebar): newest first by `updatedAt`. */
export interface ChatSummary {
  id: string;
  /** The title given by `rename`, else the start of the first user message. */
  title: string;
  /** When the chat last changed, epoch milliseconds. */
  updatedAt: number;
}

/** A chat as stored: the whole tree of messages (each with `parentId`) and the active branch. */
export interface StoredChat extends ChatSummary {
  /** Every message, branches included, in creation order. */
  messages: ChatSessionMessage[];
  /** The last message of the active branch (`null` when empty). */
  activeId: string | null;
}

/**
 * Where chats are kept. Methods may return promises. `save` is called with the full chat (at most about
 * once a second while an answer streams); `subscribe`, when there, tells lists (`useChatList`) that chats
 * were saved, renamed or removed (in this tab or another).
 */
export interface ChatPersistence {
  /** The stored chat with this id, or `null`. */
  load(id: string): Promise<StoredChat | null> | StoredChat | null;
  /** Stores the whole chat (summary and messages), replacing the earlier copy. */
  save(chat: StoredChat): Promise<void> | void;
  /** Deletes the chat. */
  remove(id: string): Promise<void> | void;
  /** The summaries of every stored chat. */
  list(): Promise<ChatSummary[]> | ChatSummary[];
  /**
   * Sets a title that later saves keep (else `save`'s own title, taken from the first user message,
   * wins). Without it, `useChatList`'s `rename` loads and saves the chat with the new title.
   */
  rename?(id: string, title: string): Promise<void> | void;
  /** Calls `listener` when chats were saved, renamed or removed (here or in another tab); returns an unsubscribe function. */
  subscribe?(listener: () => void): () => void;
}
