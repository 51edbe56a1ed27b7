// The chat's messages are core's ChatSessionMessage as is: plain JSON, so they are also what we persist.
export type { ChatSessionMessage as StoredMessage, ChatToolCall } from '@using-ai/core';
