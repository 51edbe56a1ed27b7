// One-shot completions as ordinary TanStack queries. Retries stay in core (retry: false here), so a
// failing request is never retried twice over.

import {
  type QueryClient,
  type QueryFunctionContext,
  skipToken,
  type UseQueryOptions,
  type UseQueryResult,
  useQuery,
} from '@tanstack/react-query';
import type {
  AssistantMessage,
  ChatCompletionRequest,
  Throttle,
  UsingAiClient,
  UsingAiError,
} from '@using-ai/core';
import { createNotifier, schedulerFor } from '@using-ai/core/chat';
import { useUsingAiClient } from './client-context';
import { type UsingAiCompletionKey, usingAiKeys } from './keys';

/** Options of `useChatCompletion`: TanStack's `useQuery` options (except the key and function), plus the client. */
export interface UseChatCompletionOptions<TData = AssistantMessage>
  extends Omit<
    UseQueryOptions<AssistantMessage, UsingAiError, TData, UsingAiCompletionKey>,
    'queryKey' | 'queryFn'
  > {
  /** Use this client instead of the provider's. */
  client?: UsingAiClient;
  /** A QueryClient to use instead of the nearest QueryClientProvider's. */
  queryClient?: QueryClient;
  /** How often streamed `data` updates while `request.stream` is true. Default `'frame'`. */
  throttle?: Throttle;
}

/** Runs `client.complete` (or streams when `request.stream`), resolving to the assistant message. */
export async function fetchChatCompletion(
  client: UsingAiClient,
  request: ChatCompletionRequest,
  context: Pick<QueryFunctionContext<UsingAiCompletionKey>, 'signal' | 'client' | 'queryKey'>,
  throttle?: Throttle,
): Promise<AssistantMessage> {
  // Read the signal one microtask late: TanStack aborts a query whose signal was read when its last
  // observer leaves, and StrictMode leaves and comes back right after mounting (two requests otherwise).
  await Promise.resolve();
  const { signal } = context;
  if (!request.stream) return (await client.complete(request, { signal })).message;
  const stream = client.stream(request, { signal });
  let settled = false;
  // Cancelled before the end (unmount, cancelQueries): put back the state from before this fetch. A
  // revert alone is not enough: TanStack reverts to the last setQueryData, i.e. the partial answer, which
  // would then sit in the cache as a finished `success` (staleTime Infinity) and never be refetched.
  const query = context.client
    .getQueryCache()
    .find<AssistantMessage, UsingAiError>({ queryKey: context.queryKey, exact: true });
  const before = query?.state;
  signal.addEventListener('abort', () => {
    if (settled || !before) return;
    settled = true;
    query?.setState({ ...before, fetchStatus: 'idle' });
  });
  // Progressive data, like TanStack's streamedQuery, but written at most once per frame.
  const notifier = createNotifier(() => {
    if (!settled) context.client.setQueryData(context.queryKey, stream.current);
  });
  notifier.setScheduler(schedulerFor(throttle));
  stream.subscribe(() => notifier.notify());
  try {
    return await stream.final();
  } catch (error) {
    // A refetch that broke mid-stream: the finished answer from before stays beside the error.
    if (!signal.aborted && before?.data !== undefined) {
      context.client.setQueryData(context.queryKey, before.data, { updatedAt: before.dataUpdatedAt });
    }
    throw error;
  } finally {
    settled = true;
  }
}

/**
 * `useQuery` over a completion, keyed by `usingAiKeys.completion(request)`; `null` skips the query.
 * `data` is the assistant message (`content`, `reasoning`, `toolCalls`, `finishReason`, `usage`), updated
 * while streaming when `request.stream` is true. Unmounting the last observer aborts the request.
 */
export function useChatCompletion<TData = AssistantMessage>(
  request: ChatCompletionRequest | null,
  options: UseChatCompletionOptions<TData> = {},
): UseQueryResult<TData, UsingAiError> {
  const { client: ownClient, queryClient, throttle, ...queryOptions } = options;
  const client = useUsingAiClient(ownClient);
  return useQuery(
    {
      queryKey: usingAiKeys.completion(request),
      queryFn: request ? (context) => fetchChatCompletion(client, request, context, throttle) : skipToken,
      staleTime: Number.POSITIVE_INFINITY,
      retry: false,
      ...queryOptions,
    },
    queryClient,
  );
}
