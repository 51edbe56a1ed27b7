import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ModelInfo } from '@using-ai/core';
import { client } from '../client';
import { fetchDemoModels, fetchDemoState } from './demo-api';

export const modelsQuery = queryOptions({
  queryKey: ['using-ai-demo', 'models'],
  // Emulator mode: from the dev server, since the emulator counts GET /models against the window the
  // meter shows. Otherwise once per page through the proxy. No abort signal on purpose: StrictMode's
  // extra unmount would cancel the first request (already counted upstream) and send a second.
  queryFn: async (): Promise<ModelInfo[]> => (await fetchDemoModels()) ?? (await client.models()).data,
  staleTime: Number.POSITIVE_INFINITY,
});

export const demoStateQuery = queryOptions({
  queryKey: ['using-ai-demo', 'state'],
  queryFn: fetchDemoState,
  staleTime: Number.POSITIVE_INFINITY,
  retry: false,
  // Requests consume injected faults on the server; poll only while some are pending.
  refetchInterval: (query) => ((query.state.data?.faults.length ?? 0) > 0 ? 1000 : false),
});

export const useModels = () => useQuery(modelsQuery);
export const useDemoState = () => useQuery(demoStateQuery);
