import type { ChatCompletionRequest } from '@using-ai/core';

/** TanStack Query keys of this package, for `invalidateQueries`, `getQueryData`, `setQueryData`... */
export const usingAiKeys = {
  all: ['using-ai'] as const,
  completions: () => ['using-ai', 'completion'] as const,
  completion: (request: ChatCompletionRequest | null) => ['using-ai', 'completion', request] as const,
};

export type UsingAiCompletionKey = ReturnType<typeof usingAiKeys.completion>;
