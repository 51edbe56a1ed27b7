// The framework-free chat session: a store (state and subscribers), the agent loop and the commands,
// wired behind subscribe/getSnapshot so any UI binding (React's useSyncExternalStore, a Svelte store...)
// stays thin. Features are their own files that plug into the store and wrap commands; this file wires them.
import type { UsingAiClient } from '../client-types';
import { UsingAiError } from '../errors';
import { createAgentLoop } from './agent-loop';
import { createBranchCommands } from './branches';
import { createCommands } from './commands';
import { createId } from './create-id';
import type { Connect, FeatureContext, SessionMethods } from './feature';
import { hasOutstandingToolCalls, sumUsage, toSessionMessage } from './messages';
import { schedulerFor } from './notify-scheduler';
import { preloadToolGate } from './opt-in-tools';
import { createQueue } from './queue';
import { connectResume } from './resume';
import { createChatStore } from './store';
import type { ChatSession, ChatSessionOptions } from './types';

/** A chat of its own (not in the registry): messages, status and actions over `client`, with the agent loop for tools. */
export function createChatSession(client: UsingAiClient, options: ChatSessionOptions = {}): ChatSession {
  let opts = options;
  const getOptions = () => opts;
  const id = options.id ?? createId();
  const { persistence } = options;
  const initialMessages = (options.initialMessages ?? []).map((message, index) =>
    // Deterministic ids, so a server render and the hydrating client agree.
    toSessionMessage(message, `${id}-${index}`),
  );
  const store = createChatStore({
    messages: initialMessages,
    // With persistence, the chat is read at the first subscribe: until then it says so.
    status: persistence ? 'loading' : 'idle',
    error: null,
    rateLimit: null,
    retry: null,
    usage: sumUsage(initialMessages),
    loading: !!persistence,
    queued: [],
  });
  const initial = store.state;
  store.setScheduler(options.scheduler ?? schedulerFor(options.throttle));
  const loop = createAgentLoop({ client, store, options: getOptions });
  // Tools with approval or a Standard Schema need code that is loaded apart: start now, not at the first call.
  preloadToolGate(options.tools);
  const ctx: FeatureContext = {
    id,
    store,
    loop,
    options: getOptions,
    busy: () =>
      loop.running ||
      store.state.loading ||
      ctx.remoteBusy() ||
      hasOutstandingToolCalls(store.state.messages),
    remoteBusy: () => false,
    toError: (init) => new UsingAiError(init),
  };
  const commands = createCommands({ store, loop, options: getOptions });
  const methods: SessionMethods = {
    ...commands,
    ...createBranchCommands(ctx),
    setOptions(next) {
      opts = { ...opts, ...next };
      if (next.tools) preloadToolGate(next.tools);
      if ('scheduler' in next || 'throttle' in next)
        store.setScheduler(opts.scheduler ?? schedulerFor(opts.throttle));
    },
    subscribe,
    clearQueue() {},
  };
  // Busy covers loading and another tab's request, which the loop alone does not know about.
  methods.send = (message, sendOptions) =>
    ctx.busy() ? Promise.resolve(false) : commands.send(message, sendOptions);
  // Persistence and sync are loaded when first used, and only by sessions that ask for them: both are
  // asynchronous anyway (a load, a channel), and an app that uses neither does not download them.
  const connects: Connect[] = [];
  if (persistence)
    connects.push(lazy(() => import('./persist').then((m) => m.connectPersistence(ctx, persistence))));
  if (options.sync) connects.push(lazy(() => import('./sync').then((m) => m.connectSync(ctx, methods))));
  connects.push(connectResume(ctx, client));
  Object.assign(methods, createQueue(ctx, methods.send));

  let disconnect: (() => void)[] | null = null;
  let stopRateLimit: (() => void) | null = null;

  function subscribe(listener: () => void) {
    const remove = store.listen(listener);
    if (!stopRateLimit) {
      stopRateLimit = client.subscribeRateLimit((rateLimit) => store.set({ rateLimit }, false));
      if (client.rateLimit && client.rateLimit !== store.state.rateLimit)
        store.set({ rateLimit: client.rateLimit }, false);
    }
    disconnect ??= connects.map((connect) => connect());
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
          for (const end of disconnect ?? []) end();
          disconnect = null;
        }, 0);
    };
  }

  // Calls go through `methods`, which sync wraps once it has loaded.
  const session = {
    id,
    client,
    getSnapshot: () => store.published,
    getInitialSnapshot: () => initial,
  } as ChatSession;
  for (const key of Object.keys(methods) as (keyof SessionMethods)[]) {
    (session[key] as unknown) = (...args: unknown[]) =>
      (methods[key] as (...a: unknown[]) => unknown)(...args);
  }

  /**
   * A connect whose code is loaded at the first connect; it runs once loaded if still connected. If the code
   * cannot be loaded (offline, a new deploy), the chat works without it: unsaved, in this tab only.
   */
  function lazy(load: () => Promise<Connect>): Connect {
    let loaded: Promise<Connect> | undefined;
    return () => {
      let live = true;
      let end: (() => void) | undefined;
      loaded ??= load();
      void loaded.then(
        (connect) => {
          if (live) end = connect();
        },
        () => store.state.loading && store.set({ loading: false, status: 'idle' }),
      );
      return () => {
        live = false;
        end?.();
      };
    };
  }

  return session;
}
