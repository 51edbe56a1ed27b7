// The chats of a persistence for a sidebar, kept live: re-read whenever the persistence says they changed
// (a save, rename or removal here or in another tab).
import type { ChatPersistence, ChatSummary } from '@using-ai/core';
import { useCallback, useEffect, useMemo, useState } from 'react';

/** What `useChatList` returns: the stored chats and actions on them. */
export interface UseChatListResult {
  /** The stored chats, newest first (`[]` until the first read). */
  chats: ChatSummary[];
  /** `true` until the first read of the list. */
  loading: boolean;
  /** Deletes a chat from the persistence. */
  remove(id: string): Promise<void>;
  /** Gives a chat a title that later saves keep. */
  rename(id: string, title: string): Promise<void>;
}

/** The chats stored in `persistence`, newest first, live across this tab and others. */
export function useChatList(persistence: ChatPersistence): UseChatListResult {
  const [state, setState] = useState<{ of: ChatPersistence | null; chats: ChatSummary[] }>({
    of: null,
    chats: [],
  });

  useEffect(() => {
    let live = true;
    // Reads can overlap (saves in quick succession): only the latest answer is shown.
    let latest = 0;
    const read = () => {
      const ticket = ++latest;
      void Promise.resolve(persistence.list()).then(
        (chats) => {
          if (live && ticket === latest)
            setState({ of: persistence, chats: [...chats].sort((a, b) => b.updatedAt - a.updatedAt) });
        },
        () => {},
      );
    };
    const unsubscribe = persistence.subscribe?.(read);
    read();
    return () => {
      live = false;
      unsubscribe?.();
    };
  }, [persistence]);

  const remove = useCallback(async (id: string) => persistence.remove(id), [persistence]);
  const rename = useCallback(
    async (id: string, title: string) => {
      if (persistence.rename) return persistence.rename(id, title);
      const chat = await persistence.load(id);
      if (chat) await persistence.save({ ...chat, title });
    },
    [persistence],
  );
  const current = state.of === persistence;
  const chats = current ? state.chats : [];
  return useMemo(() => ({ chats, loading: !current, remove, rename }), [chats, current, remove, rename]);
}
