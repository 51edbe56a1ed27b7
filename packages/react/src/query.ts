/**
 * TanStack Query hooks: `useChatCompletion` and `useChatCompletionMutation` (needs `@tanstack/react-query`).
 *
 * @module \@using-ai/react/query
 */
// TEMPORARY (adopt): the @using-ai/react/query entry until corefix's lands.
export {
  fetchChatCompletion,
  type UseChatCompletionOptions,
  useChatCompletion,
} from './use-chat-completion';
export {
  type UseChatCompletionMutationOptions,
  useChatCompletionMutation,
} from './use-chat-completion-mutation';
