import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ModelInfo } from '@using-ai/core';
import { client } from '../client';
import { fetchDemoState } from './demo-api';

export const modelsQuery = queryOptions({
  queryKey: ['using-ai-demo', 'models'],
  queryFn: async ({ signal }): Promise<ModelInfo[]> => (await client.models({ signal })).data,
  staleTime: 5 * 60_000,
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
