// The framework-free chat store: messages, status and the client-side agent loop behind
// subscribe/getSnapshot, so any UI binding (React's useSyncExternalStore, a Svelte store...) stays thin.
import { callSafely } from '../call-safely';
import type { AssistantMessage, ChatStream, UsingAiClient } from '../client-types';
import type { UsingAiError } from '../errors';
import type { ContentPart } from '../types';
import { createId } from './create-id';
import {
  assistantFields,
  hasOutstandingToolCalls,
  stoppedCall,
  sumUsage,
  toRequestMessages,
  toRequestTools,
  toSessionMessage,
} from './messages';
import { createNotifier, schedulerFor } from './notify-scheduler';
import { resultOutcome, runToolCall, type ToolOutcome } from './run-tool-call';
import type {
  ChatMessageInput,
  ChatSession,
  ChatSessionMessage,
  ChatSessionOptions,
  ChatSnapshot,
  MessagesUpdate,
  SendOptions,
} from './types';

/** One model request of the agent loop; a stale run (stopped, replaced) writes nothing. */
interface Run {
  controller: AbortController;
  stream: ChatStream | null;
  messageId: string | null;
  /** The answer of the send's previous step, reported by onFinish if this step is stopped before one. */
  previousId: string | null;
  /** The stream has settled; its message is committed and must not be re-read from `stream.current`. */
  settled: boolean;
  /** Chunks arrived since the last flush. */
  dirty: boolean;
}

/** Where the agent loop paused for `addToolResult`. */
interface Pause {
  steps: number;
  options: SendOptions;
}

const DEFAULT_MAX_STEPS = 5;

/** Options that configure the session rather than the request (`client` comes from UI bindings). */
const SESSION_ONLY_KEYS = [
  'id',
  'initialMessages',
  'tools',
  'maxSteps',
  'onToolCall',
  'onFinish',
  'onError',
  'onRetry',
  'throttle',
  'scheduler',
  'client',
];

/**
 * Calls not finished (arguments still streaming, waiting, running) become results `{"error":"Stopped"}`,
 * so the conversation can go on.
 */
function stopCalls(calls: ChatSessionMessage['toolCalls']): ChatSessionMessage['toolCalls'] {
  return calls.map((call) => (call.state === 'done' || call.state === 'error' ? call : stoppedCall(call)));
}

/** A chat of its own (not in the registry): messages, status and actions over `client`, with the agent loop for tools. */
export function createChatSession(client: UsingAiClient, options: ChatSessionOptions = {}): ChatSession {
  let opts = options;
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
  let state = initial;
  let published = initial;
  let run: Run | null = null;
  let pause: Pause | null = null;
  let stopRateLimit: (() => void) | null = null;
  const listeners = new Set<() => void>();

  const notifier = createNotifier(() => {
    if (run?.dirty) syncFromStream(run);
    published = state;
    for (const listener of [...listeners]) callSafely(listener);
  });
  notifier.setScheduler(options.scheduler ?? schedulerFor(options.throttle));

  /** Updates the state; `now` flushes at once, `false` on the next tick, `null` waits for the next set. */
  function set(patch: Partial<ChatSnapshot>, now: boolean | null = true) {
    state = { ...state, ...patch };
    if (patch.messages) state.usage = sumUsage(patch.messages);
    if (now !== null) notifier.notify(now);
  }

  function patchMessage(messageId: string, patch: (message: ChatSessionMessage) => ChatSessionMessage) {
    return state.messages.map((message) => (message.id === messageId ? patch(message) : message));
  }

  // Tokens are copied into the state once per flush, not once per chunk: `stream.current` always
  // holds everything received, so reading it at flush time loses nothing.
  function syncFromStream(r: Run) {
    r.dirty = false;
    if (!r.stream || !r.messageId || r.settled) return;
    const fields = assistantFields(r.stream.current, false);
    state = { ...state, messages: patchMessage(r.messageId, (m) => ({ ...m, ...fields })) };
  }

  function commit(r: Run, message: AssistantMessage, complete: boolean) {
    r.settled = true;
    const fields = assistantFields(message, complete);
    if (r.messageId) return set({ messages: patchMessage(r.messageId, (m) => ({ ...m, ...fields })) }, false);
    if (!message.content && !message.reasoning && !message.toolCalls.length && !complete) return;
    r.messageId = createId();
    set({ messages: [...state.messages, { id: r.messageId, role: 'assistant', ...fields }] }, false);
  }

  function setToolOutcome(messageId: string, callId: string, outcome: ToolOutcome) {
    set({
      messages: patchMessage(messageId, (m) => ({
        ...m,
        // The outcome replaces the previous one whole: a `done` call keeps no earlier `error`.
        toolCalls: m.toolCalls.map((call) => {
          if (call.id !== callId) return call;
          const { result: _result, error: _error, ...rest } = call;
          return { ...rest, ...outcome };
        }),
      })),
    });
  }

  function finish(r: Run) {
    run = null;
    set({ status: 'idle', retry: null });
    const answer = r.messageId ?? r.previousId;
    const message = state.messages.find((m) => m.id === answer);
    if (message) callSafely(opts.onFinish, message, state.messages);
  }

  function buildRequest(sendOptions: SendOptions) {
    const fromOptions = Object.fromEntries(
      Object.entries(opts).filter(([key]) => !SESSION_ONLY_KEYS.includes(key)),
    ) as SendOptions;
    const { system, headers, ...params } = { ...fromOptions, ...sendOptions };
    const requestTools = toRequestTools(opts.tools);
    return {
      headers,
      request: {
        ...params,
        // A missing model is left to the API, which answers with a typed 400.
        model: params.model as string,
        messages: toRequestMessages(state.messages, system),
        stream: true,
        stream_options: { include_usage: true },
        ...(requestTools && { tools: requestTools }),
      },
    };
  }

  /** The agent loop: stream an answer, run its tools, send the results back, up to `steps` requests. */
  async function loop(steps: number, sendOptions: SendOptions): Promise<void> {
    pause = null;
    let previousId: string | null = null;
    while (steps > 0) {
      steps -= 1;
      const r: Run = {
        controller: new AbortController(),
        stream: null,
        messageId: null,
        previousId,
        settled: false,
        dirty: false,
      };
      run = r;
      set({ status: 'submitted', error: null, retry: null });
      let final: AssistantMessage;
      try {
        const { request, headers } = buildRequest(sendOptions);
        const stream = client.stream(request, {
          signal: r.controller.signal,
          ...(headers && { headers }),
          onRetry(event) {
            if (run !== r) return;
            set({
              status: 'waiting',
              retry: {
                attempt: event.attempt,
                at: Date.now() + event.delayMs,
                reason: event.reason,
                error: event.error,
              },
            });
            callSafely(opts.onRetry, event);
          },
        });
        r.stream = stream;
        stream.subscribe(() => {
          if (run !== r) return;
          if (!r.messageId) {
            r.messageId = createId();
            const message: ChatSessionMessage = {
              id: r.messageId,
              role: 'assistant',
              ...assistantFields(stream.current, false),
            };
            state = { ...state, status: 'streaming', retry: null, messages: [...state.messages, message] };
          }
          r.dirty = true;
          notifier.notify();
        });
        final = await stream.final();
      } catch (caught) {
        if (run !== r) return;
        run = null;
        const error = caught as UsingAiError & { partial?: AssistantMessage };
        // Keep what arrived: the error's partial message, or what the stream accumulated.
        const partial = error.partial ?? r.stream?.current;
        if (partial) commit(r, partial, false);
        set({ status: 'error', error, retry: null });
        callSafely(opts.onError, error);
        return;
      }
      if (run !== r) return;
      commit(r, final, true);
      // Listeners and callbacks may call stop() (or send, regenerate...) at any `set`: re-check after each.
      if (run !== r) return;
      const messageId = r.messageId as string;
      previousId = messageId;
      const message = state.messages.find((m) => m.id === messageId);
      if (final.finishReason !== 'tool_calls' || !message?.toolCalls.length) return finish(r);

      set({ status: 'streaming' });
      if (run !== r) return;
      await Promise.all(
        message.toolCalls.map(async (call) => {
          if (run !== r) return;
          setToolOutcome(messageId, call.id, { state: 'running' });
          const outcome = await runToolCall(call, opts, r.controller.signal);
          if (run === r) setToolOutcome(messageId, call.id, outcome ?? { state: 'pending' });
        }),
      );
      if (run !== r) return;
      if (hasOutstandingToolCalls(state.messages)) {
        pause = { steps, options: sendOptions };
        return finish(r);
      }
      if (steps === 0) return finish(r);
    }
  }

  function start(steps: number, sendOptions: SendOptions = {}): Promise<boolean> {
    return loop(steps, sendOptions).then(() => true);
  }

  /** Stops the request and tools in flight; `keep` marks the partial answer stopped and reports it. */
  function halt(keep: boolean) {
    pause = null;
    const r = run;
    if (!r) {
      // Paused for addToolResult: stopping gives up on the outstanding calls, so that `send` works again.
      const last = state.messages[state.messages.length - 1];
      if (keep && last && hasOutstandingToolCalls(state.messages)) {
        set({ messages: patchMessage(last.id, (m) => ({ ...m, toolCalls: stopCalls(m.toolCalls) })) });
      }
      return;
    }
    run = null;
    r.controller.abort();
    r.stream?.abort();
    if (keep && r.messageId) {
      const fields = r.settled || !r.stream ? null : assistantFields(r.stream.current, false);
      set(
        {
          messages: patchMessage(r.messageId, (m) => ({
            ...m,
            ...(fields && { ...fields, finishReason: 'aborted' as const }),
            toolCalls: stopCalls(fields?.toolCalls ?? m.toolCalls),
          })),
        },
        false,
      );
    }
    if (keep) finish(r);
  }

  function userTurnIndex(messageId: string | undefined): number {
    const { messages } = state;
    let index = messageId === undefined ? messages.length - 1 : messages.findIndex((m) => m.id === messageId);
    while (index >= 0 && messages[index]?.role !== 'user') index -= 1;
    return index;
  }

  /** At least one request; fractions round down, and a value that is not a number counts as 1. */
  function maxSteps() {
    return Math.max(1, Math.floor(opts.maxSteps ?? DEFAULT_MAX_STEPS) || 1);
  }

  const session: ChatSession = {
    id,
    client,
    getSnapshot: () => published,
    getInitialSnapshot: () => initial,
    subscribe(listener) {
      listeners.add(listener);
      if (!stopRateLimit) {
        stopRateLimit = client.subscribeRateLimit((rateLimit) => set({ rateLimit }, false));
        if (client.rateLimit && client.rateLimit !== state.rateLimit)
          set({ rateLimit: client.rateLimit }, false);
      }
      return () => {
        listeners.delete(listener);
        // Deferred, so StrictMode's unsubscribe/resubscribe and a moving component keep the request:
        // a subscribe before the timer fires cancels the abort (it finds a listener and does nothing).
        if (!listeners.size)
          setTimeout(() => {
            if (listeners.size) return;
            // Only work in flight: a chat paused for addToolResult keeps its pending calls for later.
            if (run) halt(true);
            stopRateLimit?.();
            stopRateLimit = null;
          }, 0);
      };
    },
    setOptions(next) {
      opts = { ...opts, ...next };
      if ('scheduler' in next || 'throttle' in next) {
        notifier.setScheduler(opts.scheduler ?? schedulerFor(opts.throttle));
      }
    },
    send(message, sendOptions) {
      if (run || hasOutstandingToolCalls(state.messages)) return Promise.resolve(false);
      const input: ChatMessageInput =
        typeof message === 'string' ? { role: 'user', content: message } : message;
      set({ messages: [...state.messages, toSessionMessage(input, createId())] }, null);
      return start(maxSteps(), sendOptions);
    },
    stop: () => halt(true),
    regenerate(messageId, sendOptions) {
      const index = userTurnIndex(messageId);
      if (index < 0) return Promise.resolve(false);
      halt(false);
      set({ messages: state.messages.slice(0, index + 1) }, null);
      return start(maxSteps(), sendOptions);
    },
    edit(messageId, content: string | ContentPart[], sendOptions) {
      const index = state.messages.findIndex((m) => m.id === messageId);
      const target = state.messages[index];
      if (target?.role !== 'user') return Promise.resolve(false);
      halt(false);
      const { parts: _parts, ...rest } = target;
      const edited = toSessionMessage({ ...rest, content }, messageId);
      set({ messages: [...state.messages.slice(0, index), edited] }, null);
      return start(maxSteps(), sendOptions);
    },
    setMessages(update: MessagesUpdate) {
      const next = typeof update === 'function' ? update(state.messages) : update;
      set({ messages: next.map((message) => toSessionMessage(message, createId())) });
    },
    reset() {
      halt(false);
      set({ messages: [], status: 'idle', error: null, retry: null });
    },
    clearError() {
      // Nothing to clear: no new snapshot, so useSyncExternalStore does not render again.
      if (!state.error && state.status !== 'error') return;
      set({ error: null, ...(state.status === 'error' && { status: 'idle' as const }) });
    },
    addToolResult(toolCallId, result) {
      const { messages } = state;
      const owner = messages.find((m) => m.toolCalls.some((call) => call.id === toolCallId));
      const call = owner?.toolCalls.find((c) => c.id === toolCallId);
      // A call that already has its result (maybe already sent to the model) keeps it.
      if (!owner || !call || call.state === 'done' || call.state === 'error') return Promise.resolve(false);
      const answersLast = owner === messages[messages.length - 1] && hasOutstandingToolCalls(messages);
      setToolOutcome(owner.id, toolCallId, resultOutcome(result));
      if (run || !answersLast || hasOutstandingToolCalls(state.messages)) return Promise.resolve(true);
      // Without a paused loop (calls restored from storage or setMessages), continue with a fresh budget.
      const paused = pause ?? { steps: maxSteps(), options: {} };
      pause = null;
      return paused.steps > 0 ? start(paused.steps, paused.options) : Promise.resolve(true);
    },
  };
  return session;
}
