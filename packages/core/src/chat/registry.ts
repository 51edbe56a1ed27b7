// Sessions by (client, id): two consumers with the same id get one session, hence one request.
// The registry holds a session only while someone uses it, so a later consumer with that id starts
// fresh, and a server render (which never subscribes) leaves nothing behind for the next request.
import type { UsingAiClient } from '../client-types';
import { createChatSession } from './chat-session';
import type { ChatSession, ChatSessionOptions } from './types';

const sessionsByClient = new WeakMap<UsingAiClient, Map<string, ChatSession>>();

/** Options of `acquireChatSession`. */
export interface AcquireOptions {
  /**
   * Register a new session at its first subscribe instead of now. For renders that may never subscribe
   * (server rendering, hydration): a session nobody subscribes to then never reaches the registry.
   */
  lazy?: boolean;
}

function registryOf(client: UsingAiClient): Map<string, ChatSession> {
  let sessions = sessionsByClient.get(client);
  if (!sessions) {
    sessions = new Map();
    sessionsByClient.set(client, sessions);
  }
  return sessions;
}

/** The session registered under `id` for this client, if any; never creates one. */
export function findChatSession(client: UsingAiClient, id: string): ChatSession | undefined {
  return sessionsByClient.get(client)?.get(id);
}

/**
 * The session registered under `options.id` for this client, created (from these options) if there is
 * none; without an id, always a new unshared session. A registered session is forgotten as soon as its
 * last subscriber leaves (or, if nothing subscribes to it, after the current task), and registered again
 * if it is subscribed to later while the id is free.
 */
export function acquireChatSession(
  client: UsingAiClient,
  options: ChatSessionOptions = {},
  { lazy = false }: AcquireOptions = {},
): ChatSession {
  const { id } = options;
  if (id === undefined) return createChatSession(client, options);
  const registry = registryOf(client);
  const registered = registry.get(id);
  if (registered) return registered;

  const session = createChatSession(client, options);
  const subscribe = session.subscribe;
  let subscribers = 0;
  session.subscribe = (listener) => {
    subscribers += 1;
    // A session whose id was taken meanwhile (by a newer session) does not steal it back.
    if (!registry.has(id)) registry.set(id, session);
    const unsubscribe = subscribe(listener);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      subscribers -= 1;
      // At once, not after a timer: a mount right after (the next test, a remount) must start fresh.
      // StrictMode's resubscribe registers the session again; only the abort of its request is deferred.
      if (!subscribers && registry.get(id) === session) registry.delete(id);
      unsubscribe();
    };
  };
  if (!lazy) {
    registry.set(id, session);
    // Registered before anyone subscribes, so that consumers created together (one render) share it. If
    // nobody subscribes by the next task (a render React threw away, an error boundary), it is forgotten.
    setTimeout(() => {
      if (!subscribers && registry.get(id) === session) registry.delete(id);
    }, 0);
  }
  return session;
}
