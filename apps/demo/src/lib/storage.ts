import { type ConversationState, initialState } from './conversations';

export const STORAGE_KEY = 'using-ai-demo:conversations:v1';

/** Reads saved conversations; anything unreadable (old format, quota garbage) starts fresh instead of crashing. */
export function loadConversations<M>(storage: Pick<Storage, 'getItem'> | undefined): ConversationState<M> {
  try {
    const raw = storage?.getItem(STORAGE_KEY);
    if (!raw) return initialState<M>();
    const parsed = JSON.parse(raw) as ConversationState<M>;
    if (!Array.isArray(parsed.conversations) || parsed.conversations.length === 0) return initialState<M>();
    const valid = parsed.conversations.filter(
      (c) => typeof c?.id === 'string' && Array.isArray(c.messages) && typeof c.title === 'string',
    );
    if (valid.length === 0) return initialState<M>();
    const activeId = valid.some((c) => c.id === parsed.activeId) ? parsed.activeId : valid[0]!.id;
    return { conversations: valid, activeId };
  } catch {
    return initialState<M>();
  }
}

export function saveConversations<M>(
  storage: Pick<Storage, 'setItem'> | undefined,
  state: ConversationState<M>,
): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(state));
  } catch {
    // Quota exceeded or storage disabled: the chat keeps working, it just will not survive a reload.
  }
}
