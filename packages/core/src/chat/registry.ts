// Sessions by (client, id): two consumers with the same id get one session, hence one request.
import type { UsingAiClient } from '../client-types';
import { createChatSession } from './chat-session';
import type { ChatSession, ChatSessionOptions } from './types';

const sessionsByClient = new WeakMap<UsingAiClient, Map<string, ChatSession>>();

/**
 * The session registered under `options.id` for this client, created (from these options) if there is
 * none; without an id, always a new unshared session. A registered session is forgotten once its last
 * subscriber has left (after the current task), and registered again if subscribed to later.
 */
export function acquireChatSession(client: UsingAiClient, options: ChatSessionOptions = {}): ChatSession {
  const { id } = options;
  if (id === undefined) return createChatSession(client, options);
  let sessions = sessionsByClient.get(client);
  if (!sessions) {
    sessions = new Map();
    sessionsByClient.set(client, sessions);
  }
  const registered = sessions.get(id);
  if (registered) return registered;

  const registry = sessions;
  const session = createChatSession(client, options);
  const subscribe = session.subscribe;
  let subscribers = 0;
  session.subscribe = (listener) => {
    subscribers += 1;
    if (!registry.has(id)) registry.set(id, session);
    const unsubscribe = subscribe(listener);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      unsubscribe();
      subscribers -= 1;
      setTimeout(() => {
        if (!subscribers && registry.get(id) === session) registry.delete(id);
      }, 0);
    };
  };
  registry.set(id, session);
  return session;
}
