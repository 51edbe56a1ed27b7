/**
 * React hooks: `useStreamingChat` for streaming chats, `UsingAiProvider` to configure the client.
 *
 * @module \@using-ai/react
 */
// The chat's shapes, so apps import everything chat-related from one place.
export type {
  AssistantMessage,
  ChatMessageInput,
  ChatRetryState,
  ChatSessionMessage,
  ChatSnapshot,
  ChatStatus,
  ChatTool,
  ChatToolCall,
  ChatToolContext,
  ChatUsage,
  SendOptions,
  Throttle,
  ToolCallState,
} from '@using-ai/core';
export { UsingAiProvider, type UsingAiProviderProps, useUsingAiClient } from './client-context';
// useChatCompletion, useChatCompletionMutation and usingAiKeys are in ./query (`@using-ai/react/query`):
// this entry must not import @tanstack/react-query, an optional peer.
export {
  type UseStreamingChatOptions,
  type UseStreamingChatResult,
  useStreamingChat,
} from './use-streaming-chat';
