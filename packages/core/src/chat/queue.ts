// `whileBusy: 'queue'`: a message sent while an answer streams waits in the snapshot's `queued` and goes
// out, in order, each time the chat is free again (the answer before it finished, stopped or failed).
import { createId } from './create-id';
import type { FeatureContext } from './feature';
import { toSessionMessage } from './messages';
import type { ChatSession, SendOptions } from './types';

export function createQueue(
  ctx: FeatureContext,
  send: ChatSession['send'],
): Pick<ChatSession, 'send' | 'clearQueue'> {
  const { store } = ctx;
  const waiting = new Map<string, { options?: SendOptions; resolve(sent: boolean): void }>();
  let draining = false;

  function drain() {
    draining = false;
    const [next, ...rest] = store.state.queued;
    if (!next || ctx.busy()) return;
    const entry = waiting.get(next.id);
    waiting.delete(next.id);
    store.set({ queued: rest }, null);
    void send(next, entry?.options).then((sent) => entry?.resolve(sent));
  }

  // After the change that freed the chat has been applied in full (finish() still runs its callbacks).
  store.watch((state) => {
    if (state.queued.length && !draining && !ctx.busy()) {
      draining = true;
      queueMicrotask(drain);
    }
  });

  return {
    send(message, options) {
      const { queued } = store.state;
      if (ctx.options().whileBusy !== 'queue' || (!ctx.busy() && !queued.length))
        return send(message, options);
      const input = typeof message === 'string' ? { role: 'user' as const, content: message } : message;
      const item = toSessionMessage(input, createId());
      return new Promise<boolean>((resolve) => {
        waiting.set(item.id, { options, resolve });
        store.set({ queued: [...queued, item] });
      });
    },
    clearQueue() {
      if (!store.state.queued.length) return;
      for (const { resolve } of waiting.values()) resolve(false);
      waiting.clear();
      store.set({ queued: [] });
    },
  };
}
