// The framework-free chat session: a store (state and subscribers), the agent loop and the commands,
// wired behind subscribe/getSnapshot so any UI binding (React's useSyncExternalStore, a Svelte store...)
// stays thin. Features are added as their own files that plug into the store, not here.
import type { UsingAiClient } from '../client-types';
import { createAgentLoop } from './agent-loop';
import { createCommands } from './commands';
import { createId } from './create-id';
import { sumUsage, toSessionMessage } from './messages';
import { schedulerFor } from './notify-scheduler';
import { createChatStore } from './store';
import type { ChatSession, ChatSessionOptions, ChatSnapshot } from './types';

/** A chat of its own (not in the registry): messages, status and actions over `client`, with the agent loop for tools. */
export function createChatSession(client: UsingAiClient, options: ChatSessionOptions = {}): ChatSession {
  let opts = options;
  const getOptions = () => opts;
  const id = options.id ?? createId();
  const initialMessages = (options.initialMessages ?? []).map((message, index) =>
    // Deterministic ids, so a server render and the hydrating client agree.
    toSessionMessage(message, `${id}-${index}`),
  );
  const initial: ChatSnapshot = {
    messages: initialMessages,
    status: 'idle',
    error: null,
    rateLimit: null,
    retry: null,
    usage: sumUsage(initialMessages),
  };
  const store = createChatStore(initial);
  store.setScheduler(options.scheduler ?? schedulerFor(options.throttle));
  const loop = createAgentLoop({ client, store, options: getOptions });
  let stopRateLimit: (() => void) | null = null;

  return {
    id,
    client,
    getSnapshot: () => store.published,
    getInitialSnapshot: () => initial,
    subscribe(listener) {
      const remove = store.listen(listener);
      if (!stopRateLimit) {
        stopRateLimit = client.subscribeRateLimit((rateLimit) => store.set({ rateLimit }, false));
        if (client.rateLimit && client.rateLimit !== store.state.rateLimit)
          store.set({ rateLimit: client.rateLimit }, false);
      }
      return () => {
        remove();
        // Deferred, so StrictMode's unsubscribe/resubscribe and a moving component keep the request:
        // a subscribe before the timer fires cancels the abort (it finds a listener and does nothing).
        if (!store.listeners)
          setTimeout(() => {
            if (store.listeners) return;
            // Only work in flight: a chat paused for addToolResult keeps its pending calls for later.
            if (loop.running) loop.halt(true);
            stopRateLimit?.();
            stopRateLimit = null;
          }, 0);
      };
    },
    setOptions(next) {
      opts = { ...opts, ...next };
      if ('scheduler' in next || 'throttle' in next)
        store.setScheduler(opts.scheduler ?? schedulerFor(opts.throttle));
    },
    ...createCommands({ store, loop, options: getOptions }),
  };
}
