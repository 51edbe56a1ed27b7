// The client-side agent loop: stream an answer, run its tools, send the results back, up to `steps`
// requests. One run per send; everything in flight hangs off the run's AbortSignal, so a stopped or
// replaced run ends by `signal.aborted`, and a stale run writes nothing.
import { callSafely } from '../call-safely';
import type { AssistantMessage, ChatStream, UsingAiClient } from '../client-types';
import type { UsingAiError } from '../errors';
import { buildRequest } from './build-request';
import { createId } from './create-id';
import { assistantFields, hasOutstandingToolCalls, stoppedCall } from './messages';
import { runToolCall, type ToolOutcome, withToolOutcome } from './run-tool-call';
import type { ChatStore } from './store';
import type { ChatSessionMessage, ChatSessionOptions, SendOptions } from './types';

/** One model request of a run. */
interface Step {
  stream: ChatStream | null;
  messageId: string | null;
  /** The answer of the send's previous step, reported by onFinish if this step is stopped before one. */
  previousId: string | null;
  /** The stream has settled; its message is committed and must not be re-read from `stream.current`. */
  settled: boolean;
  /** Chunks arrived since the last flush. */
  dirty: boolean;
}

/** One send (or continuation) of the loop: its steps share the run's signal. */
interface Run {
  controller: AbortController;
  step: Step;
}

/** Where the agent loop paused for `addToolResult`. */
export interface Pause {
  steps: number;
  options: SendOptions;
}

export interface AgentLoopContext {
  client: UsingAiClient;
  store: ChatStore;
  /** The session's current options (they may change between steps). */
  options(): ChatSessionOptions;
}

export interface AgentLoop {
  /** A run is in flight (`submitted`, `streaming`, `waiting`, or its tools running). */
  readonly running: boolean;
  /** Runs the loop for at most `steps` requests; resolves `true` when it settles (never rejects). */
  start(steps: number, options?: SendOptions): Promise<boolean>;
  /** Stops the run in flight; `keep` marks the partial answer stopped and reports it (onFinish). */
  halt(keep: boolean): void;
  /** Takes the pause left for `addToolResult` (`null` when there is none). */
  takePause(): Pause | null;
}

/**
 * Calls not finished (arguments still streaming, waiting, running) become results `{"error":"Stopped"}`,
 * so the conversation can go on.
 */
export function stopCalls(calls: ChatSessionMessage['toolCalls']): ChatSessionMessage['toolCalls'] {
  return calls.map((call) => (call.state === 'done' || call.state === 'error' ? call : stoppedCall(call)));
}

export function createAgentLoop({ client, store, options }: AgentLoopContext): AgentLoop {
  let current: Run | null = null;
  let pause: Pause | null = null;

  // Tokens are copied into the state once per flush, not once per chunk: `stream.current` always
  // holds everything received, so reading it at flush time loses nothing.
  store.beforePublish(() => {
    const step = current?.step;
    if (!step?.dirty) return;
    step.dirty = false;
    if (!step.stream || !step.messageId || step.settled) return;
    const fields = assistantFields(step.stream.current, false);
    const { state } = store;
    store.write({ ...state, messages: store.patchMessage(step.messageId, (m) => ({ ...m, ...fields })) });
  });

  function commit(step: Step, message: AssistantMessage, complete: boolean) {
    step.settled = true;
    const fields = assistantFields(message, complete);
    if (step.messageId) {
      return store.set({ messages: store.patchMessage(step.messageId, (m) => ({ ...m, ...fields })) }, false);
    }
    if (!message.content && !message.reasoning && !message.toolCalls.length && !complete) return;
    step.messageId = createId();
    store.set(
      { messages: [...store.state.messages, { id: step.messageId, role: 'assistant', ...fields }] },
      false,
    );
  }

  function setToolOutcome(messageId: string, callId: string, outcome: ToolOutcome) {
    store.set({ messages: store.patchMessage(messageId, (m) => withToolOutcome(m, callId, outcome)) });
  }

  function finish(step: Step) {
    current = null;
    store.set({ status: 'idle', retry: null });
    const answer = step.messageId ?? step.previousId;
    const message = store.state.messages.find((m) => m.id === answer);
    if (message) callSafely(options().onFinish, message, store.state.messages);
  }

  /** Streams one answer into the state; `null` when the run was stopped or the request failed. */
  async function streamStep(run: Run, sendOptions: SendOptions): Promise<AssistantMessage | null> {
    const { step, controller } = run;
    const { signal } = controller;
    try {
      const { request, headers } = buildRequest(options(), store.state.messages, sendOptions);
      const stream = client.stream(request, {
        signal,
        ...(headers && { headers }),
        onRetry(event) {
          if (signal.aborted) return;
          store.set({
            status: 'waiting',
            retry: {
              attempt: event.attempt,
              at: Date.now() + event.delayMs,
              reason: event.reason,
              error: event.error,
            },
          });
          callSafely(options().onRetry, event);
        },
      });
      step.stream = stream;
      stream.subscribe(() => {
        if (signal.aborted) return;
        if (!step.messageId) {
          step.messageId = createId();
          const message: ChatSessionMessage = {
            id: step.messageId,
            role: 'assistant',
            ...assistantFields(stream.current, false),
          };
          const { state } = store;
          store.write({ ...state, status: 'streaming', retry: null, messages: [...state.messages, message] });
        }
        step.dirty = true;
        store.notify();
      });
      return await stream.final();
    } catch (caught) {
      if (signal.aborted) return null;
      current = null;
      const error = caught as UsingAiError & { partial?: AssistantMessage };
      // Keep what arrived: the error's partial message, or what the stream accumulated.
      const partial = error.partial ?? step.stream?.current;
      if (partial) commit(step, partial, false);
      store.set({ status: 'error', error, retry: null });
      callSafely(options().onError, error);
      return null;
    }
  }

  /** Runs the tools of an answer; `false` when the run was stopped meanwhile. */
  async function runTools(run: Run, messageId: string, message: ChatSessionMessage): Promise<boolean> {
    const { signal } = run.controller;
    store.set({ status: 'streaming' });
    if (signal.aborted) return false;
    await Promise.all(
      message.toolCalls.map(async (call) => {
        if (signal.aborted) return;
        setToolOutcome(messageId, call.id, { state: 'running' });
        const outcome = await runToolCall(call, options(), signal);
        if (!signal.aborted) setToolOutcome(messageId, call.id, outcome ?? { state: 'pending' });
      }),
    );
    return !signal.aborted;
  }

  async function loop(steps: number, sendOptions: SendOptions): Promise<void> {
    pause = null;
    const run: Run = { controller: new AbortController(), step: newStep(null) };
    const { signal } = run.controller;
    current = run;
    while (steps > 0) {
      steps -= 1;
      store.set({ status: 'submitted', error: null, retry: null });
      const final = await streamStep(run, sendOptions);
      if (!final || signal.aborted) return;
      const { step } = run;
      commit(step, final, true);
      // Listeners and callbacks may call stop() (or send, regenerate...) at any `set`: re-check after each.
      if (signal.aborted) return;
      const messageId = step.messageId as string;
      const message = store.state.messages.find((m) => m.id === messageId);
      if (final.finishReason !== 'tool_calls' || !message?.toolCalls.length) return finish(step);
      if (!(await runTools(run, messageId, message))) return;
      if (hasOutstandingToolCalls(store.state.messages)) {
        pause = { steps, options: sendOptions };
        return finish(step);
      }
      if (steps === 0) return finish(step);
      run.step = newStep(messageId);
    }
  }

  function halt(keep: boolean) {
    pause = null;
    const run = current;
    const { state } = store;
    if (!run) {
      // Paused for addToolResult: stopping gives up on the outstanding calls, so that `send` works again.
      const last = state.messages[state.messages.length - 1];
      if (keep && last && hasOutstandingToolCalls(state.messages)) {
        store.set({
          messages: store.patchMessage(last.id, (m) => ({ ...m, toolCalls: stopCalls(m.toolCalls) })),
        });
      }
      return;
    }
    current = null;
    const { step } = run;
    run.controller.abort();
    step.stream?.abort();
    if (keep && step.messageId) {
      const fields = step.settled || !step.stream ? null : assistantFields(step.stream.current, false);
      store.set(
        {
          messages: store.patchMessage(step.messageId, (m) => ({
            ...m,
            ...(fields && { ...fields, finishReason: 'aborted' as const }),
            toolCalls: stopCalls(fields?.toolCalls ?? m.toolCalls),
          })),
        },
        false,
      );
    }
    if (keep) finish(step);
  }

  return {
    get running() {
      return current !== null;
    },
    start: (steps, sendOptions = {}) => loop(steps, sendOptions).then(() => true),
    halt,
    takePause() {
      const taken = pause;
      pause = null;
      return taken;
    },
  };
}

function newStep(previousId: string | null): Step {
  return { stream: null, messageId: null, previousId, settled: false, dirty: false };
}
