import {
  type QueryClient,
  type UseMutationOptions,
  type UseMutationResult,
  useMutation,
} from '@tanstack/react-query';
import type { AssistantMessage, ChatCompletionRequest, UsingAiClient, UsingAiError } from '@using-ai/core';
import { useUsingAiClient } from './client-context';

/** Options of `useChatCompletionMutation`: TanStack's `useMutation` options (except the function), plus the client. */
export interface UseChatCompletionMutationOptions<TOnMutateResult = unknown>
  extends Omit<
    UseMutationOptions<AssistantMessage, UsingAiError, ChatCompletionRequest, TOnMutateResult>,
    'mutationFn'
  > {
  /** Use this client instead of the provider's. */
  client?: UsingAiClient;
  /** A QueryClient to use instead of the nearest QueryClientProvider's. */
  queryClient?: QueryClient;
}

/** A completion fired by an event: `mutate(request)` resolves to the assistant message. */
export function useChatCompletionMutation<TOnMutateResult = unknown>(
  options: UseChatCompletionMutationOptions<TOnMutateResult> = {},
): UseMutationResult<AssistantMessage, UsingAiError, ChatCompletionRequest, TOnMutateResult> {
  const { client: ownClient, queryClient, ...mutationOptions } = options;
  const client = useUsingAiClient(ownClient);
  return useMutation(
    {
      mutationFn: (request) =>
        request.stream
          ? client.stream(request).final()
          : client.complete(request).then((result) => result.message),
      ...mutationOptions,
    },
    queryClient,
  );
}
