// What a call goes through before it runs when its tool asks for more than a plain JSON Schema: its
// arguments validated by a Standard Schema, then the user's approval. Loaded only when a tool needs it
// (see opt-in-tools.ts): a chat whose tools use neither feature never downloads this code.
import { createApprovalGate, denialMessage, needsApproval } from './approval';
import type { ToolOutcome } from './run-tool-call';
import type { ChatStore } from './store';
import { validateToolArgs } from './tool-args-validation';
import type { ChatTool, ChatToolCall, ToolApproval } from './types';

export { toolJsonSchema } from './tool-args-validation';

export interface ToolGate {
  /**
   * Validates the call's arguments and, if its tool asks, waits for approval, writing the call's state
   * through `set`. Resolves with the arguments to run it with (and the approval, if asked), or `null` when it must not run (invalid,
   * denied, or stopped: `set` has said so where there is something to say).
   */
  check(
    tool: ChatTool,
    call: ChatToolCall,
    args: unknown,
    signal: AbortSignal,
    set: (outcome: ToolOutcome) => void,
  ): Promise<{ args: unknown; approval?: ToolApproval } | null>;
  /** Answers a call waiting for approval; `false` when none with that id waits. */
  approve(callId: string, decision: ToolApproval): boolean;
}

export function createToolGate(store: ChatStore): ToolGate {
  const approvals = createApprovalGate();
  return {
    async check(tool, call, args, signal, set) {
      const validation = validateToolArgs(tool, args);
      if (validation) {
        const checked = await validation;
        if (checked.error !== undefined) {
          set({ state: 'error', error: checked.error });
          return null;
        }
        args = checked.args;
      }
      if (!(await needsApproval(tool, args))) return { args };
      set({ state: 'awaiting-approval' });
      if (!signal.aborted) store.set({ status: 'awaiting-approval' });
      const approval = await approvals.wait(call.id, signal);
      if (!approval) return null;
      if (!approvals.waiting) store.set({ status: 'streaming' }, null);
      if (!approval.approved) {
        set({ state: 'error', error: denialMessage(approval.reason), approval });
        return null;
      }
      // The loop marks the call running (with its approval) in the same task as it starts it.
      return { args, approval };
    },
    approve: (callId, decision) => approvals.decide(callId, decision),
  };
}
