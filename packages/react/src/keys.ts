import type { ChatCompletionRequest } from '@using-ai/core';

/** TanStack Query keys of this package, for `invalidateQueries`, `getQueryData`, `setQueryData`... */
export const usingAiKeys = {
  /** Every query of this package. */
  all: ['using-ai'] as const,
  /** Every completion query. */
  completions: () => ['using-ai', 'completion'] as const,
  /** The query of one request (`null`: the skipped query). */
  completion: (request: ChatCompletionRequest | null) => ['using-ai', 'completion', request] as const,
};

/** The query key of `useChatCompletion`: `['using-ai', 'completion', request]`. */
export type UsingAiCompletionKey = ReturnType<typeof usingAiKeys.completion>;
