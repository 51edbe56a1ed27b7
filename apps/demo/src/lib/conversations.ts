// Conversations as plain data plus pure updates; persistence is a separate concern (storage.ts).

/** The title of a chat with no question yet (not "New chat": that names the button). */
export const UNTITLED = 'Untitled chat';

export interface Conversation<M> {
  id: string;
  title: string;
  model: string | null;
  messages: M[];
  createdAt: number;
  updatedAt: number;
}

export interface ConversationState<M> {
  conversations: Conversation<M>[];
  activeId: string;
}

export function newConversation<M>(model: string | null, now = Date.now(), id = randomId()): Conversation<M> {
  return { id, title: UNTITLED, model, messages: [], createdAt: now, updatedAt: now };
}

export function randomId(): string {
  return (
    globalThis.crypto?.randomUUID?.() ?? `c-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
  );
}

/** A title from the first user message: one line, at most 48 characters. */
export function titleFrom(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (!line) return UNTITLED;
  return line.length > 48 ? `${line.slice(0, 47)}…` : line;
}

export function activeConversation<M>(state: ConversationState<M>): Conversation<M> {
  return state.conversations.find((c) => c.id === state.activeId) ?? state.conversations[0]!;
}

export function startConversation<M>(
  state: ConversationState<M>,
  model: string | null,
): ConversationState<M> {
  const current = activeConversation(state);
  // An untouched chat is reused rather than piling up empty ones.
  if (current && current.messages.length === 0) return { ...state, activeId: current.id };
  const created = newConversation<M>(model);
  return { conversations: [created, ...state.conversations], activeId: created.id };
}

export function selectConversation<M>(state: ConversationState<M>, id: string): ConversationState<M> {
  return state.conversations.some((c) => c.id === id) ? { ...state, activeId: id } : state;
}

export function updateConversation<M>(
  state: ConversationState<M>,
  id: string,
  patch: Partial<Pick<Conversation<M>, 'messages' | 'model' | 'title'>>,
  now = Date.now(),
): ConversationState<M> {
  return {
    ...state,
    conversations: state.conversations.map((c) => (c.id === id ? { ...c, ...patch, updatedAt: now } : c)),
  };
}

export function deleteConversation<M>(
  state: ConversationState<M>,
  id: string,
  model: string | null,
): ConversationState<M> {
  const rest = state.conversations.filter((c) => c.id !== id);
  if (rest.length === 0) {
    const fresh = newConversation<M>(model);
    return { conversations: [fresh], activeId: fresh.id };
  }
  return { conversations: rest, activeId: state.activeId === id ? rest[0]!.id : state.activeId };
}

export function initialState<M>(model: string | null = null): ConversationState<M> {
  const first = newConversation<M>(model);
  return { conversations: [first], activeId: first.id };
}
