import type { ChatSession, ChatSnapshot } from '@using-ai/core';

/** Resolves with the first published snapshot (or the current one) that matches. */
export function until(
  chat: ChatSession,
  predicate: (snapshot: ChatSnapshot) => boolean,
): Promise<ChatSnapshot> {
  return new Promise((resolve) => {
    if (predicate(chat.getSnapshot())) return resolve(chat.getSnapshot());
    const unsubscribe = chat.subscribe(() => {
      if (!predicate(chat.getSnapshot())) return;
      unsubscribe();
      resolve(chat.getSnapshot());
    });
  });
}
