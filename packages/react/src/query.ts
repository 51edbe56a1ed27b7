/**
 * TanStack Query hooks: `useChatCompletion` and `useChatCompletionMutation` (needs `@tanstack/react-query`).
 *
 * @module \@using-ai/react/query
 */
// `@using-ai/react/query`: one-shot completions as TanStack Queries. A subpath of its own so that the
// root export never imports @tanstack/react-query: an app that only streams chats need not install it.
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
