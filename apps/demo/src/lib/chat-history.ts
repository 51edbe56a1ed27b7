// The demo's conversations: stored by the chat sessions themselves in IndexedDB (indexedDbPersistence),
// listed live by useChatList. Only what the chat does not store lives here, in localStorage: which chat is
// open in this tab, and the model each chat was pinned to.
import { indexedDbPersistence } from '@using-ai/core/persistence';
import { useChatList } from '@using-ai/react';
import { useCallback, useMemo, useState } from 'react';

/** Where every chat of the demo is kept (one database per origin). */
export const chatPersistence = indexedDbPersistence({ name: 'using-ai-demo' });

/** The title of a chat with no question yet (not "New chat": that names the button). */
export const UNTITLED = 'Untitled chat';

const ACTIVE_KEY = 'using-ai-demo:active';
const MODELS_KEY = 'using-ai-demo:models';

function read<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key);
    return raw === null ? fallback : (JSON.parse(raw) as T);
  } catch {
    return fallback;
  }
}

function write(key: string, value: unknown) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage disabled or full: the choice lasts until the tab closes.
  }
}

const newId = () =>
  globalThis.crypto?.randomUUID?.() ?? `c-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/** The conversation list, the open conversation and its model, for the sidebar and the chat view. */
export function useChatHistory() {
  const { chats, remove } = useChatList(chatPersistence);
  const [activeId, setActiveId] = useState<string>(() => {
    // Kept from the start, so a reload reopens this chat.
    const id = read(ACTIVE_KEY, '') || newId();
    write(ACTIVE_KEY, id);
    return id;
  });
  const [models, setModels] = useState<Record<string, string>>(() => read(MODELS_KEY, {}));

  const select = useCallback((id: string) => {
    setActiveId(id);
    write(ACTIVE_KEY, id);
  }, []);
  // A chat is stored from its first message on: until then the open one is listed as untitled.
  const stored = chats.some((c) => c.id === activeId);
  const conversations = useMemo(
    () => (stored ? chats : [{ id: activeId, title: UNTITLED, updatedAt: Date.now() }, ...chats]),
    [chats, activeId, stored],
  );
  const setModel = useCallback((id: string, model: string) => {
    setModels((all) => {
      const next = { ...all, [id]: model };
      write(MODELS_KEY, next);
      return next;
    });
  }, []);

  return {
    conversations,
    active: { id: activeId, model: models[activeId] ?? null },
    setModel,
    select,
    /** An untouched chat is reused rather than piling up empty ones. */
    create: useCallback(
      (model: string | null) => {
        if (!stored) return;
        const id = newId();
        if (model) setModel(id, model);
        select(id);
      },
      [stored, select, setModel],
    ),
    remove: useCallback(
      (id: string) => {
        void remove(id);
        if (id === activeId) select(chats.find((c) => c.id !== id)?.id ?? newId());
      },
      [remove, activeId, chats, select],
    ),
  };
}
