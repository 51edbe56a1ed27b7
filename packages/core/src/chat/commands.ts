// What a user does to a chat: send, stop, regenerate, edit... Each command is a small change of the
// store followed, where it asks the model, by a run of the agent loop.
import type { ContentPart } from '../types';
import type { AgentLoop } from './agent-loop';
import { createId } from './create-id';
import { hasOutstandingToolCalls, toSessionMessage } from './messages';
import { resultOutcome, withToolOutcome } from './run-tool-call';
import type { ChatStore } from './store';
import type { ChatMessageInput, ChatSession, ChatSessionOptions, MessagesUpdate } from './types';

export const DEFAULT_MAX_STEPS = 5;

/** The session's commands (the methods of `ChatSession` that change the chat). */
export type ChatCommands = Pick<
  ChatSession,
  | 'send'
  | 'stop'
  | 'regenerate'
  | 'edit'
  | 'setMessages'
  | 'reset'
  | 'clearError'
  | 'addToolResult'
  | 'approveToolCall'
>;

export interface CommandsContext {
  store: ChatStore;
  loop: AgentLoop;
  options(): ChatSessionOptions;
}

export function createCommands({ store, loop, options }: CommandsContext): ChatCommands {
  /** At least one request; fractions round down, and a value that is not a number counts as 1. */
  const maxSteps = () => Math.max(1, Math.floor(options().maxSteps ?? DEFAULT_MAX_STEPS) || 1);

  function userTurnIndex(messageId: string | undefined): number {
    const { messages } = store.state;
    let index = messageId === undefined ? messages.length - 1 : messages.findIndex((m) => m.id === messageId);
    while (index >= 0 && messages[index]?.role !== 'user') index -= 1;
    return index;
  }

  return {
    send(message, sendOptions) {
      if (loop.running || hasOutstandingToolCalls(store.state.messages)) return Promise.resolve(false);
      const input: ChatMessageInput =
        typeof message === 'string' ? { role: 'user', content: message } : message;
      store.set({ messages: [...store.state.messages, toSessionMessage(input, createId())] }, null);
      return loop.start(maxSteps(), sendOptions);
    },
    stop: () => loop.halt(true),
    regenerate(messageId, sendOptions) {
      const index = userTurnIndex(messageId);
      if (index < 0) return Promise.resolve(false);
      loop.halt(false);
      store.set({ messages: store.state.messages.slice(0, index + 1) }, null);
      return loop.start(maxSteps(), sendOptions);
    },
    edit(messageId, content: string | ContentPart[], sendOptions) {
      const { messages } = store.state;
      const index = messages.findIndex((m) => m.id === messageId);
      const target = messages[index];
      if (target?.role !== 'user') return Promise.resolve(false);
      loop.halt(false);
      // The old version (and its answers) stays in the tree as a branch under a new id.
      store.tree.fork(messageId);
      const { parts: _parts, ...rest } = target;
      const edited = toSessionMessage({ ...rest, content }, messageId);
      store.set({ messages: [...store.state.messages.slice(0, index), edited] }, null);
      return loop.start(maxSteps(), sendOptions);
    },
    setMessages(update: MessagesUpdate) {
      const next = typeof update === 'function' ? update(store.state.messages) : update;
      // The given messages are the whole chat now: no branches left from before.
      store.tree.clear();
      store.set({ messages: next.map((message) => toSessionMessage(message, createId())) });
    },
    reset() {
      loop.halt(false);
      store.tree.clear();
      store.set({ messages: [], status: 'idle', error: null, retry: null });
    },
    clearError() {
      const { state } = store;
      // Nothing to clear: no new snapshot, so useSyncExternalStore does not render again.
      if (!state.error && state.status !== 'error') return;
      store.set({ error: null, ...(state.status === 'error' && { status: 'idle' as const }) });
    },
    approveToolCall: (toolCallId, approved, reason) =>
      loop.approve(toolCallId, reason === undefined ? { approved } : { approved, reason }),
    addToolResult(toolCallId, result) {
      const { messages } = store.state;
      const owner = messages.find((m) => m.toolCalls.some((call) => call.id === toolCallId));
      const call = owner?.toolCalls.find((c) => c.id === toolCallId);
      // A call that already has its result (maybe already sent to the model) keeps it.
      // A call awaiting approval is answered by approveToolCall: a result here would leave the loop waiting.
      if (
        !owner ||
        !call ||
        call.state === 'done' ||
        call.state === 'error' ||
        call.state === 'awaiting-approval'
      )
        return Promise.resolve(false);
      const answersLast = owner === messages[messages.length - 1] && hasOutstandingToolCalls(messages);
      store.set({
        messages: store.patchMessage(owner.id, (m) => withToolOutcome(m, toolCallId, resultOutcome(result))),
      });
      if (loop.running || !answersLast || hasOutstandingToolCalls(store.state.messages)) {
        return Promise.resolve(true);
      }
      // Without a paused loop (calls restored from storage or setMessages), continue with a fresh budget.
      const paused = loop.takePause() ?? { steps: maxSteps(), options: {} };
      return paused.steps > 0 ? loop.start(paused.steps, paused.options) : Promise.resolve(true);
    },
  };
}
