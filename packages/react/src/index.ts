/**
 * React hooks: `useStreamingChat` for streaming chats, `UsingAiProvider` to configure the client.
 *
 * @module \@using-ai/react
 */
// The chat's shapes, so apps import everything chat-related from one place.
export type {
  AssistantMessage,
  ChatBranches,
  ChatMessageInput,
  ChatPersistence,
  ChatRetryState,
  ChatSessionMessage,
  ChatSnapshot,
  ChatStatus,
  ChatSummary,
  ChatTool,
  ChatToolCall,
  ChatToolContext,
  ChatUsage,
  QueuedMessage,
  SendOptions,
  StoredChat,
  Throttle,
  ToolApproval,
  ToolApprovalRule,
  ToolCallState,
} from '@using-ai/core';
export { UsingAiProvider, type UsingAiProviderProps, useUsingAiClient } from './client-context';
// Also at `@using-ai/react/object`. Re-exported here for convenience: the package has no side effects, so
// an app that imports only useStreamingChat from this entry pays nothing for it (`pnpm size` checks).
export * from './object';
// useChatCompletion, useChatCompletionMutation and usingAiKeys are in ./query (`@using-ai/react/query`):
// this entry must not import @tanstack/react-query, an optional peer.
export { type UseChatListResult, useChatList } from './use-chat-list';
export {
  type UseStreamingChatOptions,
  type UseStreamingChatResult,
  useStreamingChat,
} from './use-streaming-chat';
