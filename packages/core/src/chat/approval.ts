// Tool calls that wait for the user (ChatTool.needsApproval): the agent loop parks each such call here
// until approveToolCall answers it or the run's signal ends it. Kept tiny: every chat bundle carries it.
import type { ChatTool, ToolApproval } from './types';

export interface ApprovalGate {
  /** Resolves with the user's decision, or `null` once `signal` aborts. */
  wait(callId: string, signal: AbortSignal): Promise<ToolApproval | null>;
  /** Answers a waiting call; `false` when none with that id waits. */
  decide(callId: string, decision: ToolApproval): boolean;
  /** How many calls wait. */
  readonly waiting: number;
}

export function createApprovalGate(): ApprovalGate {
  const pending = new Map<string, (decision: ToolApproval | null) => void>();
  return {
    wait: (callId, signal) =>
      new Promise((resolve) => {
        const settle = (decision: ToolApproval | null) => {
          pending.delete(callId);
          resolve(decision);
        };
        pending.set(callId, settle);
        if (signal.aborted) settle(null);
        signal.addEventListener('abort', () => settle(null));
      }),
    decide(callId, decision) {
      const settle = pending.get(callId);
      settle?.(decision);
      return !!settle;
    },
    get waiting() {
      return pending.size;
    },
  };
}

/** Whether a call of `tool` with these (validated) arguments must wait for approval. */
export async function needsApproval(tool: ChatTool, args: unknown): Promise<boolean> {
  const rule = tool.needsApproval;
  return typeof rule === 'function' ? !!(await rule(args as Record<string, unknown>)) : !!rule;
}

/** The error sent back to the model for a denied call. */
export const denialMessage = (reason: string | undefined): string =>
  `The user denied this tool call${reason ? `: ${reason}` : ''}`;
