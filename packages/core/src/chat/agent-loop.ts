// The client-side agent loop: stream an answer, run its tools, send the results back, up to `steps`
// requests. One run per send; everything in flight hangs off the run's AbortSignal, so a stopped or
// replaced run ends by `signal.aborted`, and a stale run writes nothing.
import { callSafely } from '../call-safely';
import type { AssistantMessage, ChatStream, UsingAiClient } from '../client-types';
import type { UsingAiError } from '../errors';
import { linkAbort } from '../link-abort';
import { createApprovalGate, denialMessage, needsApproval } from './approval';
import { buildRequest } from './build-request';
import { createId } from './create-id';
import { assistantFields, hasOutstandingToolCalls, stoppedCall } from './messages';
import { runToolCall, type ToolOutcome, withToolOutcome } from './run-tool-call';
import type { ChatStore } from './store';
import { validateToolArgs } from './tool-args-validation';
import type {
  ChatSessionMessage,
  ChatSessionOptions,
  ChatToolCall,
  SendOptions,
  ToolApproval,
} from './types';

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
  /** A stream already running for the last message (a reattach after a reload, chat/resume.ts). */
  attach?: Attach | undefined;
}

/** The stream and message a run starts from instead of sending a request. */
export interface Attach {
  stream: ChatStream;
  messageId: string;
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
  /**
   * Runs the loop for at most `steps` requests; resolves `true` when it settles (never rejects). With
   * `attach`, the first step reads that stream into that message instead of sending a request.
   */
  start(steps: number, options?: SendOptions, attach?: Attach): Promise<boolean>;
  /** Stops the run in flight; `keep` marks the partial answer stopped and reports it (onFinish). */
  halt(keep: boolean): void;
  /** Takes the pause left for `addToolResult` (`null` when there is none). */
  takePause(): Pause | null;
  /** Answers a call waiting for approval; `false` when none with that id waits. */
  approve(callId: string, decision: ToolApproval): boolean;
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
  const approvals = createApprovalGate();
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
      const { attach } = run;
      run.attach = undefined;
      if (attach) step.messageId = attach.messageId;
      const { request, headers } = buildRequest(options(), store.state.messages, sendOptions);
      const stream =
        attach?.stream ??
        client.stream(request, {
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
            // A durable stream's id: persisted with the message, it lets a reload reattach (chat/resume.ts).
            ...(stream.streamId && { streamId: stream.streamId }),
          };
          const { state } = store;
          store.write({ ...state, status: 'streaming', retry: null, messages: [...state.messages, message] });
        } else if (store.state.status !== 'streaming') {
          // Chunks again after a reconnect (a durable stream resumed) or into an attached message.
          store.write({ ...store.state, status: 'streaming', retry: null });
        }
        step.dirty = true;
        store.notify();
      });
      if (attach) {
        step.dirty = true;
        store.set({ status: 'streaming', retry: null });
      }
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

  /** Runs the tools of an answer, all at once; `false` when the run was stopped meanwhile. */
  async function runTools(run: Run, messageId: string, message: ChatSessionMessage): Promise<boolean> {
    const { signal } = run.controller;
    store.set({ status: 'streaming' });
    if (signal.aborted) return false;
    // Results go back in the order of the calls whatever order they finish in (see toRequestMessages).
    await Promise.all(message.toolCalls.map((call) => runCall(signal, messageId, call)));
    return !signal.aborted;
  }

  /** One call: validate its arguments, wait for approval if its tool asks, run it under its own signal. */
  async function runCall(signal: AbortSignal, messageId: string, call: ChatToolCall): Promise<void> {
    const tool = options().tools?.[call.function.name];
    const set = (outcome: ToolOutcome) => !signal.aborted && setToolOutcome(messageId, call.id, outcome);
    let { args } = call;
    if (tool && args !== undefined) {
      const validation = validateToolArgs(tool, args);
      if (validation) {
        const checked = await validation;
        if (checked.error !== undefined) return void set({ state: 'error', error: checked.error });
        args = checked.args;
      }
      // Awaited only for tools that ask: the others start in the same task, with no extra render between.
      if (tool.needsApproval && (await needsApproval(tool, args))) {
        set({ state: 'awaiting-approval' });
        if (!signal.aborted) store.set({ status: 'awaiting-approval' });
        const approval = await approvals.wait(call.id, signal);
        if (!approval) return;
        if (!approvals.waiting) store.set({ status: 'streaming' }, null);
        if (!approval.approved)
          return void set({ state: 'error', error: denialMessage(approval.reason), approval });
        set({ state: 'running', approval });
      }
    }
    if (signal.aborted) return;
    // Each call its own signal: aborted with the run, released when the call settles.
    const controller = new AbortController();
    const unlink = linkAbort(signal, controller);
    set({ state: 'running' });
    const outcome = await runToolCall(call, options(), controller.signal, args);
    unlink();
    set(outcome ?? { state: 'pending' });
  }

  async function loop(steps: number, sendOptions: SendOptions, attach?: Attach): Promise<void> {
    pause = null;
    const run: Run = { controller: new AbortController(), step: newStep(null), attach };
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
    start: (steps, sendOptions = {}, attach) => loop(steps, sendOptions, attach).then(() => true),
    halt,
    takePause() {
      const taken = pause;
      pause = null;
      return taken;
    },
    approve: (callId, decision) => approvals.decide(callId, decision),
  };
}

function newStep(previousId: string | null): Step {
  return { stream: null, messageId: null, previousId, settled: false, dirty: false };
}
