import type { ChatToolCall } from '@using-ai/core';
import { createContext, useContext } from 'react';
import './tool-approval.css';

/** `approveToolCall` of the chat whose messages are rendered below (ChatView provides it). */
export const ToolApprovalContext = createContext<
  ((toolCallId: string, approved: boolean, reason?: string) => boolean) | null
>(null);

/** Approve and Deny for a call that waits for the user; the denial's reason goes back to the model. */
export function ToolApproval({ call }: { call: ChatToolCall }) {
  const approve = useContext(ToolApprovalContext);
  if (call.state !== 'awaiting-approval' || !approve) return null;
  return (
    <div className="tool-approval">
      <button type="button" className="btn primary small" onClick={() => approve(call.id, true)}>
        Approve
      </button>
      <button
        type="button"
        className="btn ghost small"
        onClick={() => approve(call.id, false, 'The user clicked Deny in the demo.')}
      >
        Deny
      </button>
    </div>
  );
}
