// What the chat components render. Kept separate from @using-ai/react's message type so the
// components stay simple props-in/markup-out and the mapping lives in one place (toMessageView).
import type { Usage } from '@using-ai/core';

export interface ToolCallView {
  id: string;
  name: string;
  /** JSON text exactly as the model produced it. */
  arguments: string;
  hasResult: boolean;
  result?: unknown;
  error?: unknown;
}

export interface MessageView {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  reasoning: string;
  toolCalls: ToolCallView[];
  usage: Usage | null;
  /** `aborted` when the user pressed Stop; `null` while streaming or when the stream broke. */
  finishReason: string | null;
}
