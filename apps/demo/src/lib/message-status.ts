import type { StoredMessage } from './message-view';

/** What an assistant message's footer and `data-status` say. */
export type MessageStatus = 'streaming' | 'stopped' | 'interrupted' | 'done';

/**
 * Read from the message itself, not from the live chat's error, so an answer cut off mid-stream still
 * says so after a reload or a switch of conversation. A finished answer always has a finish reason; a
 * message the chat is not writing any more without one broke off. `incomplete` is the flag the chat
 * snapshot carries where it knows (read when present; older saved messages only have `finishReason`).
 */
export function messageStatus(message: StoredMessage, streaming: boolean): MessageStatus {
  if (streaming) return 'streaming';
  if (message.finishReason === 'aborted') return 'stopped';
  const incomplete = (message as { incomplete?: unknown }).incomplete === true;
  return incomplete || message.finishReason == null ? 'interrupted' : 'done';
}
