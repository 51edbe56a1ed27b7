// useChatCompletion / useChatCompletionMutation: TanStack Query over core, against the real emulator.

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import {
  AuthenticationError,
  type ChatCompletionRequest,
  ServerError,
  StreamInterruptedError,
  type UsingAiClient,
} from '@using-ai/core';
import { type ReactNode, StrictMode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { UsingAiProvider } from '../src';
import {
  type UseChatCompletionOptions,
  useChatCompletion,
  useChatCompletionMutation,
  usingAiKeys,
} from '../src/query';
import { loggingClient, setupMockServer } from './helpers';

const mock = setupMockServer();
afterEach(cleanup);

const request = (content: string, extra: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest => ({
  model: 'haiku-4.5',
  messages: [{ role: 'user', content }],
  ...extra,
});

function Completion({
  req,
  options,
}: {
  req: ChatCompletionRequest | null;
  options?: UseChatCompletionOptions;
}) {
  const query = useChatCompletion(req, options);
  return (
    <div>
      <p data-testid="status">{`${query.status}/${query.fetchStatus}`}</p>
      <p data-testid="content">{query.data?.content ?? ''}</p>
      <p data-testid="finish">{query.data?.finishReason ?? ''}</p>
      {query.error ? <p role="alert">{query.error.name}</p> : null}
    </div>
  );
}

function Probe({ seen }: { seen: string[] }) {
  const query = useChatCompletion(request('Tell me a story about the sea.', { stream: true }));
  if (query.data)
    seen.push(`${query.fetchStatus}:${query.data.finishReason ?? 'null'}:${query.data.content.length}`);
  return <p data-testid="finish">{query.data?.finishReason ?? ''}</p>;
}

interface MutationHandle {
  current?: ReturnType<typeof useChatCompletionMutation>;
}

function Button({ handle }: { handle: MutationHandle }) {
  const mutation = useChatCompletionMutation();
  handle.current = mutation;
  return <p data-testid="m">{mutation.data?.content ?? mutation.status}</p>;
}

function DirectClient({ client, handle }: { client: UsingAiClient; handle: MutationHandle }) {
  handle.current = useChatCompletionMutation({ client });
  return null;
}

function setup(key?: string) {
  const { client, requests } = loggingClient(mock(), key);
  const queryClient = new QueryClient();
  const wrap = (node: ReactNode) => (
    <QueryClientProvider client={queryClient}>
      <UsingAiProvider client={client}>{node}</UsingAiProvider>
    </QueryClientProvider>
  );
  return { client, requests, queryClient, wrap };
}

describe('useChatCompletion', () => {
  it('resolves to the assistant message, is cached under usingAiKeys and never refetches by itself', async () => {
    const { requests, queryClient, wrap } = setup();
    const req = request('Summarise: the quick brown fox jumps over the lazy dog.');
    const view = render(wrap(<Completion req={req} />));
    await waitFor(() => expect(screen.getByTestId('finish').textContent).toBe('stop'));
    expect(screen.getByTestId('content').textContent?.length).toBeGreaterThan(10);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.body.stream).toBeUndefined();
    expect(queryClient.getQueryData(usingAiKeys.completion(req))).toMatchObject({ role: 'assistant' });
    expect(queryClient.getQueryState(usingAiKeys.completion(req))?.status).toBe('success');
    // The same request elsewhere (or after a remount) is served from the cache: staleTime Infinity.
    view.unmount();
    render(wrap(<Completion req={{ ...req }} />));
    expect(screen.getByTestId('finish').textContent).toBe('stop');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requests).toHaveLength(1);
  });

  it('a null request does not fetch', async () => {
    const { requests, wrap } = setup();
    render(wrap(<Completion req={null} />));
    expect(screen.getByTestId('status').textContent).toBe('pending/idle');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requests).toHaveLength(0);
  });

  it('streams progressive data when stream is true', async () => {
    mock().configure({ tokensPerSecond: 100 });
    const { wrap } = setup();
    const seen: string[] = [];
    render(wrap(<Probe seen={seen} />));
    await waitFor(() => expect(screen.getByTestId('finish').textContent).toBe('stop'), { timeout: 10_000 });
    const partial = seen.filter((s) => s.startsWith('fetching:null:') && !s.endsWith(':0'));
    expect(partial.length).toBeGreaterThan(0);
    expect(seen[seen.length - 1]).toMatch(/^idle:stop:\d+$/);
  });

  it('errors are typed and not retried on top of core (401 once; 500 = 1 + 2 core retries)', async () => {
    const bad = setup('sk-invalid');
    render(bad.wrap(<Completion req={request('hi')} />));
    await screen.findByRole('alert');
    expect(screen.getByRole('alert').textContent).toBe('AuthenticationError');
    expect(bad.requests).toHaveLength(1);
    expect(bad.queryClient.getQueryState(usingAiKeys.completion(request('hi')))?.error).toBeInstanceOf(
      AuthenticationError,
    );
    cleanup();

    mock().inject('server_error', { times: Number.POSITIVE_INFINITY });
    const failing = setup();
    render(failing.wrap(<Completion req={request('hi')} />));
    await screen.findByRole('alert');
    expect(screen.getByRole('alert').textContent).toBe('ServerError');
    expect(failing.requests).toHaveLength(3);
    expect(failing.queryClient.getQueryState(usingAiKeys.completion(request('hi')))?.error).toBeInstanceOf(
      ServerError,
    );
  });

  it('unmounting the last observer cancels the request through the query signal', async () => {
    mock().configure({ tokensPerSecond: 20 });
    const { requests, wrap } = setup();
    const view = render(wrap(<Completion req={request('Tell me a long story.', { stream: true })} />));
    await waitFor(() => expect(screen.getByTestId('content').textContent?.length).toBeGreaterThan(0));
    view.unmount();
    await waitFor(() => expect(requests[0]?.signal?.aborted).toBe(true));
  });

  it('queryClient.cancelQueries aborts the request', async () => {
    mock().configure({ tokensPerSecond: 20 });
    const { requests, queryClient, wrap } = setup();
    render(wrap(<Completion req={request('Tell me a long story.', { stream: true })} />));
    await waitFor(() => expect(screen.getByTestId('content').textContent?.length).toBeGreaterThan(0));
    await act(() => queryClient.cancelQueries({ queryKey: usingAiKeys.completions() }));
    await waitFor(() => expect(requests[0]?.signal?.aborted).toBe(true));
  });

  it('a streamed answer cut off by unmount is not cached as finished: a remount fetches it whole', async () => {
    mock().configure({ tokensPerSecond: 30 });
    const { requests, queryClient, wrap } = setup();
    const req = request('Tell me a long story.', { stream: true });
    const view = render(wrap(<Completion req={req} />));
    await waitFor(() => expect(screen.getByTestId('content').textContent?.length).toBeGreaterThan(0));
    view.unmount();
    await waitFor(() => expect(requests[0]?.signal?.aborted).toBe(true));
    // Back to the state from before the fetch: no partial answer posing as a success.
    expect(queryClient.getQueryState(usingAiKeys.completion(req))).toMatchObject({
      status: 'pending',
      fetchStatus: 'idle',
      data: undefined,
    });
    mock().configure({ tokensPerSecond: 0 });
    render(wrap(<Completion req={req} />));
    await waitFor(() => expect(screen.getByTestId('finish').textContent).toBe('stop'));
    expect(requests).toHaveLength(2);
    expect(requests[1]?.signal?.aborted).toBe(false);
  });

  it('cancelQueries on a streamed answer drops the partial data; a refetch completes it', async () => {
    mock().configure({ tokensPerSecond: 30 });
    const { requests, queryClient, wrap } = setup();
    const req = request('Tell me a long story.', { stream: true });
    render(wrap(<Completion req={req} />));
    await waitFor(() => expect(screen.getByTestId('content').textContent?.length).toBeGreaterThan(0));
    await act(() => queryClient.cancelQueries({ queryKey: usingAiKeys.completions() }));
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('pending/idle'));
    expect(screen.getByTestId('content').textContent).toBe('');
    expect(queryClient.getQueryData(usingAiKeys.completion(req))).toBeUndefined();
    mock().configure({ tokensPerSecond: 0 });
    await act(() => queryClient.refetchQueries({ queryKey: usingAiKeys.completion(req) }));
    await waitFor(() => expect(screen.getByTestId('finish').textContent).toBe('stop'));
    expect(requests).toHaveLength(2);
  });

  it('a cancelled refetch of a finished answer keeps that answer', async () => {
    const { requests, queryClient, wrap } = setup();
    const req = request('Tell me a story.', { stream: true });
    render(wrap(<Completion req={req} />));
    await waitFor(() => expect(screen.getByTestId('finish').textContent).toBe('stop'));
    const finished = queryClient.getQueryData(usingAiKeys.completion(req));
    mock().configure({ tokensPerSecond: 30 });
    act(() => {
      void queryClient.refetchQueries({ queryKey: usingAiKeys.completion(req) });
    });
    await waitFor(() =>
      expect(
        queryClient.getQueryData<{ finishReason: string | null }>(usingAiKeys.completion(req))?.finishReason,
      ).toBeNull(),
    );
    await act(() => queryClient.cancelQueries({ queryKey: usingAiKeys.completion(req) }));
    expect(requests).toHaveLength(2);
    expect(queryClient.getQueryData(usingAiKeys.completion(req))).toBe(finished);
    await waitFor(() => expect(screen.getByTestId('finish').textContent).toBe('stop'));
  });

  it('StrictMode sends one request (no aborted first attempt), streaming or not', async () => {
    const { requests, wrap } = setup();
    render(
      <StrictMode>
        {wrap(
          <>
            <Completion req={request('strict one')} />
            <Completion req={request('strict two', { stream: true })} />
          </>,
        )}
      </StrictMode>,
    );
    await waitFor(() =>
      expect(screen.getAllByTestId('finish').map((el) => el.textContent)).toEqual(['stop', 'stop']),
    );
    expect(requests).toHaveLength(2);
    expect(requests.map((r) => r.signal?.aborted)).toEqual([false, false]);
  });

  it('accepts a client and query options directly', async () => {
    const { client, requests } = loggingClient(mock());
    const queryClient = new QueryClient();
    const req = request('Direct client');
    render(<Completion req={req} options={{ client, queryClient, select: undefined }} />);
    await waitFor(() => expect(screen.getByTestId('finish').textContent).toBe('stop'));
    expect(requests).toHaveLength(1);
    expect(queryClient.getQueryData(usingAiKeys.completion(req))).toBeDefined();
  });
});

describe('useChatCompletion: a streamed refetch that breaks', () => {
  it('keeps the finished answer from before, beside the error', async () => {
    const { queryClient, wrap } = setup();
    const req = request('Tell me a long story about the sea.', { stream: true });
    render(wrap(<Completion req={req} />));
    await waitFor(() => expect(screen.getByTestId('finish').textContent).toBe('stop'));
    const finished = queryClient.getQueryData(usingAiKeys.completion(req));
    mock().configure({ tokensPerSecond: 60 });
    mock().inject('drop_mid_stream', { times: 3 });
    await act(async () => {
      await queryClient.refetchQueries({ queryKey: usingAiKeys.completion(req) });
    });
    const state = queryClient.getQueryState(usingAiKeys.completion(req));
    expect(state?.error).toBeInstanceOf(StreamInterruptedError);
    expect(state?.data).toEqual(finished);
    // TanStack notifies observers on its own schedule: the screen follows the cache shortly after.
    await waitFor(() => expect(screen.getByTestId('finish').textContent).toBe('stop'));
  });
});

describe('useChatCompletionMutation', () => {
  it('runs a completion on demand and returns the assistant message', async () => {
    const { requests, wrap } = setup();
    const handle: MutationHandle = {};
    render(wrap(<Button handle={handle} />));
    expect(screen.getByTestId('m').textContent).toBe('idle');
    expect(requests).toHaveLength(0);
    let data: Awaited<ReturnType<NonNullable<MutationHandle['current']>['mutateAsync']>> | undefined;
    await act(async () => {
      data = await handle.current?.mutateAsync(request('Translate "hello" to French.'));
    });
    expect(data).toMatchObject({ role: 'assistant', finishReason: 'stop' });
    expect(data?.content.length).toBeGreaterThan(0);
    await waitFor(() => expect(screen.getByTestId('m').textContent).toBe(data?.content));
    expect(requests).toHaveLength(1);
    await act(async () => {
      const streamed = await handle.current?.mutateAsync(request('Again, streamed.', { stream: true }));
      expect(streamed?.finishReason).toBe('stop');
    });
    expect(requests[1]?.body.stream).toBe(true);
  });

  it('takes a client directly (no UsingAiProvider)', async () => {
    const { client, requests } = loggingClient(mock());
    const queryClient = new QueryClient();
    const result: MutationHandle = {};
    render(
      <QueryClientProvider client={queryClient}>
        <DirectClient client={client} handle={result} />
      </QueryClientProvider>,
    );
    let content: string | undefined;
    await act(async () => {
      content = (await result.current?.mutateAsync(request('Say hi.')))?.content;
    });
    expect(content?.length).toBeGreaterThan(0);
    expect(requests).toHaveLength(1);
  });
});
