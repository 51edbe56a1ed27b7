import type { ChatSessionMessage } from './types';

/** A chat's default title: the start of its first user message. */
export function chatTitle(messages: readonly ChatSessionMessage[]): string {
  const first =
    messages
      .find((m) => m.role === 'user')
      ?.content.trim()
      .split('\n')[0] ?? '';
  return first.length > 60 ? `${first.slice(0, 59)}…` : first || 'New chat';
}
