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
  ToolCallState,
} from '@using-ai/core';
export { UsingAiProvider, type UsingAiProviderProps, useUsingAiClient } from './client-context';
export { type UsingAiCompletionKey, usingAiKeys } from './keys';
export {
  fetchChatCompletion,
  type UseChatCompletionOptions,
  useChatCompletion,
} from './use-chat-completion';
export {
  type UseChatCompletionMutationOptions,
  useChatCompletionMutation,
} from './use-chat-completion-mutation';
export { type UseChatListResult, useChatList } from './use-chat-list';
export {
  type UseStreamingChatOptions,
  type UseStreamingChatResult,
  useStreamingChat,
} from './use-streaming-chat';
