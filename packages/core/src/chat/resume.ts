// Reattaching a chat to its durable stream: a session created with a last assistant message that has a
// `streamId` and no `finishReason` (saved in the middle of an answer: a reload, a second tab) reads that
// stream again on its first subscribe. The replay rebuilds the message from the first event, so no text
// is doubled, and the agent loop goes on from there (tools, further steps) as if it had never left.
import type { UsingAiClient } from '../client-types';
import { DEFAULT_MAX_STEPS } from './commands';
import type { Connect, FeatureContext } from './feature';

/**
 * The Connect that reattaches, once, the session's unfinished durable answer: from `initialMessages` at
 * the first subscribe, or from what persistence loads (when the load ends).
 */
export function connectResume(ctx: FeatureContext, client: UsingAiClient): Connect {
  let tried = false;
  const check = () => {
    const { messages, loading } = ctx.store.state;
    const last = messages[messages.length - 1];
    if (tried || loading) return;
    tried = true;
    if (last?.role === 'assistant' && last.streamId && !last.finishReason && !ctx.busy()) {
      const { id, streamId } = last;
      // Not inside the store update that got us here (a watcher): on a task of its own.
      queueMicrotask(() => void reattach(ctx, client, id, streamId));
    }
  };
  return () => {
    check();
    // Persistence loads after the first subscribe: look again once it has.
    const unwatch = tried
      ? () => {}
      : ctx.store.watch((state, prev) => prev.loading && !state.loading && check());
    return unwatch;
  };
}

async function reattach(ctx: FeatureContext, client: UsingAiClient, messageId: string, streamId: string) {
  const { store, loop } = ctx;
  const stream = client.resumeStream(streamId);
  // Busy while we learn whether the stream is still there: a send now would race the answer in flight.
  const remoteBusy = ctx.remoteBusy;
  ctx.remoteBusy = () => true;
  store.set({ status: 'streaming', error: null, retry: null });
  const alive = await new Promise<boolean>((resolve) => {
    const unsubscribe = stream.subscribe(() => {
      unsubscribe();
      resolve(true);
    });
    stream.final().then(
      () => resolve(true),
      () => resolve(false),
    );
  });
  ctx.remoteBusy = remoteBusy;
  if (!alive && !stream.current.content && !stream.current.reasoning && !stream.current.toolCalls.length) {
    // Gone (expired, unknown): the saved part stays, marked as cut off, and the chat is usable again.
    store.set({
      status: 'idle',
      messages: store.patchMessage(messageId, (m) => ({ ...m, incomplete: true })),
    });
    return;
  }
  // The loop may have been started meanwhile (a stop, a reset): then this stream is not ours to show.
  if (loop.running || !store.state.messages.some((m) => m.id === messageId)) {
    stream.abort();
    return;
  }
  // It streams again: no longer cut off.
  store.set(
    {
      messages: store.patchMessage(messageId, ({ incomplete: _incomplete, ...message }) => message),
    },
    false,
  );
  const steps = Math.max(1, Math.floor(ctx.options().maxSteps ?? DEFAULT_MAX_STEPS) || 1);
  await loop.start(steps, {}, { stream, messageId });
}
