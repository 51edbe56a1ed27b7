import { useCallback, useEffect, useState } from 'react';
import {
  activeConversation,
  type ConversationState,
  deleteConversation,
  selectConversation,
  startConversation,
  titleFrom,
  updateConversation,
} from './conversations';
import { loadConversations, saveConversations } from './storage';

const storage = typeof window === 'undefined' ? undefined : window.localStorage;

/** Conversations in React state, written through to localStorage so they survive a reload. */
export function useConversations<M extends { role: string; content?: unknown }>() {
  const [state, setState] = useState<ConversationState<M>>(() => loadConversations<M>(storage));

  useEffect(() => saveConversations(storage, state), [state]);

  const active = activeConversation(state);

  const saveMessages = useCallback((id: string, messages: M[]) => {
    setState((s) => {
      const conversation = s.conversations.find((c) => c.id === id);
      if (!conversation || conversation.messages === messages) return s;
      if (conversation.messages.length === 0 && messages.length === 0) return s;
      const firstUser = messages.find((m) => m.role === 'user');
      // The title follows the first question, also when it is edited.
      const title =
        typeof firstUser?.content === 'string' ? titleFrom(firstUser.content) : conversation.title;
      return updateConversation(s, id, { messages, title });
    });
  }, []);

  return {
    conversations: state.conversations,
    active,
    saveMessages,
    setModel: useCallback(
      (id: string, model: string) => setState((s) => updateConversation(s, id, { model })),
      [],
    ),
    create: useCallback((model: string | null) => setState((s) => startConversation(s, model)), []),
    select: useCallback((id: string) => setState((s) => selectConversation(s, id)), []),
    remove: useCallback(
      (id: string, model: string | null) => setState((s) => deleteConversation(s, id, model)),
      [],
    ),
  };
}
