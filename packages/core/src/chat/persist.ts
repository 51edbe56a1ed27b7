// `persistence`: load the chat at the first subscribe, then save it by itself: at once when a step
// settles, at most once a second while tokens stream (a reload keeps nearly all of a partial answer),
// on `pagehide`, and when the last subscriber leaves. Never once per chunk.

import { chatTitle } from './chat-title';
import type { Connect, FeatureContext } from './feature';
import { toSessionMessage } from './messages';
import type { ChatPersistence, StoredChat } from './persistence-types';
import type { ChatSessionMessage, ChatSnapshot } from './types';

/** How long a streaming answer may go unsaved. */
export const SAVE_INTERVAL_MS = 1000;

/**
 * A stored message as the session shows it: an answer without an end was cut off, and a tool call saved
 * while it ran cannot be running any more (toSessionMessage marks it stopped, so the chat is not blocked).
 */
function restore(stored: ChatSessionMessage): ChatSessionMessage {
  const message = toSessionMessage(stored, stored.id);
  return message.role === 'assistant' && !message.finishReason ? { ...message, incomplete: true } : message;
}

const active = (status: ChatSnapshot['status']) =>
  status === 'submitted' || status === 'streaming' || status === 'waiting';

export function connectPersistence(ctx: FeatureContext, persistence: ChatPersistence): Connect {
  const { id, store } = ctx;
  let started = false;
  let loaded = false;
  let dirty = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let saving: Promise<void> = Promise.resolve();

  function save() {
    clearTimeout(timer);
    timer = undefined;
    if (!dirty) return;
    dirty = false;
    const { messages } = store.state;
    const all = store.tree.all();
    const chat: StoredChat = {
      id,
      // From the branch shown: an edited first question renames the chat.
      title: chatTitle(messages),
      updatedAt: Date.now(),
      messages: all,
      activeId: messages[messages.length - 1]?.id ?? null,
    };
    // One save at a time, in order; a failed save is retried with the next change.
    saving = saving
      .then(() => persistence.save(chat))
      .catch(() => {
        dirty = true;
      });
  }

  store.watch((state, prev) => {
    if (!loaded || ctx.remoteBusy()) return;
    if (state.messages !== prev.messages) dirty = true;
    // A status change alone (an error after the partial answer was kept) settles what is dirty.
    if (!dirty) return;
    const last = state.messages[state.messages.length - 1];
    const stepSettled =
      !!last?.finishReason && prev.messages.find((m) => m.id === last.id)?.finishReason !== last.finishReason;
    // A durable answer just got its stream id: saved at once, so a reload or another tab can reattach
    // to it even when the page goes before the first interval save (an unload may drop a pagehide save).
    const durableStarted =
      !!last?.streamId && prev.messages.find((m) => m.id === last.id)?.streamId !== last.streamId;
    if (!active(state.status) || stepSettled || durableStarted) {
      // On the next task, not at once: the end of a stream, its commit and the idle status come within a
      // few microtasks of each other, and make one save.
      clearTimeout(timer);
      timer = setTimeout(save, 0);
    } else timer ??= setTimeout(save, SAVE_INTERVAL_MS);
  });

  async function load() {
    try {
      const before = store.state.messages;
      const chat = await persistence.load(id);
      // Another tab (sync) gave the whole chat meanwhile, newer than what was stored; or nothing is stored
      // and `initialMessages` stay: keep what is there.
      if (store.state.messages !== before || !chat) {
        store.set({ loading: false, ...(store.state.status === 'loading' && { status: 'idle' as const }) });
        loaded = true;
        return;
      }
      store.tree.clear();
      const byId = new Map(chat.messages.map((m) => [m.id, restore(m)]));
      // The tree learns the stored branches path by path: each message with its ancestors.
      for (const message of byId.values()) {
        const path: ChatSessionMessage[] = [];
        for (
          let m: ChatSessionMessage | undefined = message;
          m;
          m = m.parentId ? byId.get(m.parentId) : undefined
        )
          path.unshift(m);
        store.tree.track(path);
      }
      const messages = chat.activeId ? store.tree.pathThrough(chat.activeId) : [];
      store.set({ messages, status: 'idle', loading: false });
      // After the set: what was just read needs no save.
      loaded = true;
    } catch {
      // Nothing is saved over a chat that could not be read.
      store.set({ status: 'idle', loading: false });
    }
  }

  return () => {
    if (!started) {
      started = true;
      void load();
    }
    const onHide = () => save();
    const target = typeof window === 'undefined' ? undefined : window;
    target?.addEventListener('pagehide', onHide);
    return () => {
      target?.removeEventListener('pagehide', onHide);
      save();
    };
  };
}
