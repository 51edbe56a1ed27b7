// The chat as a tree: every message ever written, each pointing at its parent. The snapshot's
// `messages` is one path through it (the active branch); edits and regenerations add branches
// instead of deleting the old ones. Kept in the store, so the loop and commands need not know it.
import { createId } from './create-id';
import type { ChatBranches, ChatSessionMessage } from './types';

export interface MessageTree {
  /** Every message, in creation order (what persistence stores). */
  all(): ChatSessionMessage[];
  /**
   * Records `path` as the active branch: each message gets the one before it as `parentId` (a new object
   * only where that changes) and is added or updated in the tree. Returns the path as recorded.
   */
  track(path: ChatSessionMessage[]): ChatSessionMessage[];
  /** Forgets everything (setMessages, reset, load). */
  clear(): void;
  /**
   * Keeps the current version of a message as a sibling with a new id, its answers moving along, so the
   * message itself can be replaced (edit) without losing the branch.
   */
  fork(messageId: string): void;
  branchesOf(messageId: string): ChatBranches;
  /** The path from the root through `messageId`, then down its latest children to a leaf. */
  pathThrough(messageId: string): ChatSessionMessage[];
  /** The path from the root to `messageId`. */
  pathTo(messageId: string): ChatSessionMessage[];
  /** Adds or replaces messages as they are (their `parentId` included): another tab's. */
  put(messages: readonly ChatSessionMessage[]): void;
}

export function createMessageTree(): MessageTree {
  let byId = new Map<string, ChatSessionMessage>();

  const children = (parentId: string | null) =>
    [...byId.values()].filter((m) => (m.parentId ?? null) === parentId);

  function pathTo(messageId: string) {
    const path: ChatSessionMessage[] = [];
    for (let m = byId.get(messageId); m; m = m.parentId ? byId.get(m.parentId) : undefined) path.unshift(m);
    return path;
  }

  return {
    all: () => [...byId.values()],
    track(path) {
      let parentId: string | null = null;
      const out = path.map((message) => {
        const recorded = message.parentId === parentId ? message : { ...message, parentId };
        if (byId.get(recorded.id) !== recorded) byId.set(recorded.id, recorded);
        parentId = recorded.id;
        return recorded;
      });
      // Unchanged paths stay the same array, so a store write does not look like a change of messages.
      return out.every((message, index) => message === path[index]) ? path : out;
    },
    clear() {
      byId = new Map();
    },
    fork(messageId) {
      const original = byId.get(messageId);
      if (!original) return;
      const copy = { ...original, id: createId() };
      // Rebuilt so the copy takes the original's place in creation order (it is the older version).
      byId = new Map(
        [...byId.values()].map((m) => {
          const kept = m === original ? copy : m.parentId === messageId ? { ...m, parentId: copy.id } : m;
          return [kept.id, kept];
        }),
      );
      byId.set(messageId, original);
    },
    branchesOf(messageId) {
      const message = byId.get(messageId);
      if (!message) return { ids: [], index: -1 };
      const ids = children(message.parentId ?? null).map((m) => m.id);
      return { ids, index: ids.indexOf(messageId) };
    },
    pathTo,
    put(messages) {
      for (const message of messages) byId.set(message.id, message);
    },
    pathThrough(messageId) {
      const path = pathTo(messageId);
      for (let last = path[path.length - 1]; last; ) {
        const next = children(last.id).pop();
        if (next) path.push(next);
        last = next;
      }
      return path;
    },
  };
}
