// The chat's state and its subscribers, and nothing else: the agent loop, the commands and opt-in
// features (persistence, sync, queue...) all read and write the state through this one store.
import { callSafely } from '../call-safely';
import { sumUsage } from './messages';
import { createNotifier } from './notify-scheduler';
import { createMessageTree, type MessageTree } from './tree';
import type { ChatSessionMessage, ChatSnapshot, NotifyScheduler } from './types';

/** A hook a feature runs on every change of the state (`prev` is the state before it). */
export type StoreWatcher = (state: ChatSnapshot, prev: ChatSnapshot) => void;

export interface ChatStore {
  /** The latest state; it may be ahead of what subscribers last heard (see `published`). */
  readonly state: ChatSnapshot;
  /** The state subscribers last heard about: `getSnapshot()`. */
  readonly published: ChatSnapshot;
  /**
   * Updates the state (recomputing `usage` when `messages` change); `now` notifies at once, `false` on
   * the next scheduler tick, `null` not at all (the next notifying change publishes it).
   */
  set(patch: Partial<ChatSnapshot>, now?: boolean | null): void;
  /** Replaces the state as is, without notifying (for streamed tokens, copied in just before a publish). */
  write(next: ChatSnapshot): void;
  /** The messages with one of them replaced by `patch(message)`. */
  patchMessage(
    messageId: string,
    patch: (message: ChatSessionMessage) => ChatSessionMessage,
  ): ChatSessionMessage[];
  /** Marks a change; published at once with `now`, else on the next scheduler tick. */
  notify(now?: boolean): void;
  setScheduler(scheduler: NotifyScheduler | null): void;
  /** Runs `hook` just before each publish; returns its removal. */
  beforePublish(hook: () => void): () => void;
  /** Runs `watcher` after each change of the state; returns its removal. */
  watch(watcher: StoreWatcher): () => void;
  /** Adds a subscriber, called after each publish; returns its removal. */
  listen(listener: () => void): () => void;
  /** How many subscribers are listening. */
  readonly listeners: number;
  /** Every message of the chat as a tree; `state.messages` is the active path through it. */
  readonly tree: MessageTree;
}

export function createChatStore(initial: ChatSnapshot): ChatStore {
  const tree = createMessageTree();
  // Messages get their parentId here, so the initial snapshot (server render, hydration) has them too.
  let state = { ...initial, messages: tree.track(initial.messages) };
  let published = state;
  const listeners = new Set<() => void>();
  const beforeHooks = new Set<() => void>();
  const watchers = new Set<StoreWatcher>();

  const notifier = createNotifier(() => {
    for (const hook of beforeHooks) hook();
    published = state;
    for (const listener of [...listeners]) callSafely(listener);
  });

  function write(next: ChatSnapshot) {
    const prev = state;
    if (next.messages !== prev.messages) next.messages = tree.track(next.messages);
    state = next;
    for (const watcher of watchers) callSafely(watcher, state, prev);
  }

  const add = <T>(set: Set<T>, item: T) => {
    set.add(item);
    return () => void set.delete(item);
  };

  return {
    get state() {
      return state;
    },
    get published() {
      return published;
    },
    tree,
    get listeners() {
      return listeners.size;
    },
    set(patch, now = true) {
      const next = { ...state, ...patch };
      if (patch.messages) next.usage = sumUsage(patch.messages);
      write(next);
      if (now !== null) notifier.notify(now);
    },
    write,
    patchMessage(messageId, patch) {
      return state.messages.map((message) => (message.id === messageId ? patch(message) : message));
    },
    notify: (now) => notifier.notify(now),
    setScheduler: (scheduler) => notifier.setScheduler(scheduler),
    beforePublish: (hook) => add(beforeHooks, hook),
    watch: (watcher) => add(watchers, watcher),
    listen: (listener) => add(listeners, listener),
  };
}
