// useStreamingChat driven the way a user drives it, against the real emulator over HTTP through core.

import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import {
  AuthenticationError,
  RateLimitError,
  ServerError,
  StreamInterruptedError,
  TierForbiddenError,
} from '@using-ai/core';
import { afterEach, describe, expect, it } from 'vitest';
import { UsingAiProvider } from '../src';
import { Chat, chatOf, handle, loggingClient, setupMockServer, weatherTool } from './helpers';

const mock = setupMockServer();
afterEach(cleanup);

const text = (role: string) => screen.queryAllByTestId(`message-${role}`).map((el) => el.textContent);

describe('useStreamingChat: streaming', () => {
  it('streams an answer from the provider client and settles idle', async () => {
    const { client, requests } = loggingClient(mock());
    const h = handle();
    render(
      <UsingAiProvider client={client}>
        <Chat handle={h} model="haiku-4.5" system="Be helpful." temperature={0.3} />
      </UsingAiProvider>,
    );
    expect(screen.getByTestId('status').textContent).toBe('idle');
    await act(() => chatOf(h).send('Tell me about otters.'));
    expect(screen.getByTestId('status').textContent).toBe('idle');
    expect(text('user')).toEqual(['Tell me about otters.']);
    const [answer] = text('assistant');
    expect(answer?.length).toBeGreaterThan(20);
    const chat = chatOf(h);
    expect(chat.messages[1]).toMatchObject({ role: 'assistant', finishReason: 'stop', reasoning: '' });
    expect(chat.usage.last?.total_tokens).toBeGreaterThan(0);
    expect(chat.usage.total.total_tokens).toBe(chat.usage.last?.total_tokens);
    expect(chat.rateLimit?.limit).toBe(300);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.body).toMatchObject({ model: 'haiku-4.5', temperature: 0.3, stream: true });
    expect(requests[0]?.body.messages?.[0]).toEqual({ role: 'system', content: 'Be helpful.' });
  });

  it('shows status submitted, then streaming with partial text, then idle', async () => {
    mock().configure({ tokensPerSecond: 60 });
    const { client } = loggingClient(mock());
    const h = handle();
    render(<Chat handle={h} client={client} model="haiku-4.5" />);
    let sent: Promise<boolean> = Promise.resolve(false);
    act(() => {
      sent = chatOf(h).send('Tell me a story about the sea.');
    });
    expect(screen.getByTestId('status').textContent).toBe('submitted');
    await waitFor(() => expect(text('assistant')[0]?.length).toBeGreaterThan(0));
    expect(screen.getByTestId('status').textContent).toBe('streaming');
    mock().configure({ tokensPerSecond: 0 });
    await act(() => sent);
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('idle'));
  });

  it('streams reasoning of a thinking model', async () => {
    const { client } = loggingClient(mock());
    const h = handle();
    render(<Chat handle={h} client={client} model="deepseek-r2" />);
    await act(() => chatOf(h).send('Why is the sky blue?'));
    const answer = chatOf(h).messages[1];
    expect(answer?.reasoning.length).toBeGreaterThan(10);
    expect(answer?.content.length).toBeGreaterThan(10);
  });

  it('runs the tool loop: execute, results sent back, final answer', async () => {
    const { client, requests } = loggingClient(mock());
    const h = handle();
    render(
      <Chat
        handle={h}
        client={client}
        model="haiku-4.5-agentic"
        tools={weatherTool((args) => ({ city: args.city, temperature: 21 }))}
      />,
    );
    await act(() => chatOf(h).send('What is the weather in Paris?'));
    const { messages } = chatOf(h);
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'assistant']);
    expect(messages[1]?.toolCalls[0]).toMatchObject({
      state: 'done',
      result: { city: 'Paris', temperature: 21 },
    });
    expect(messages[2]?.finishReason).toBe('stop');
    expect(requests).toHaveLength(2);
    expect(requests[1]?.body.messages?.some((m) => m.role === 'tool')).toBe(true);
  });
});

describe('useStreamingChat: callbacks and options', () => {
  it('onFinish gets the answer; onToolCall can answer a call; throttle in ms still shows the last token', async () => {
    const { client } = loggingClient(mock());
    const finished: Array<{ finishReason: string | null; count: number }> = [];
    const h = handle();
    render(
      <Chat
        handle={h}
        client={client}
        model="haiku-4.5-agentic"
        throttle={50}
        tools={{
          get_time: { description: 'The current time in a timezone', parameters: { type: 'object' } },
        }}
        onToolCall={(call) => (call.function.name === 'get_time' ? '12:00' : undefined)}
        onFinish={(message, messages) =>
          finished.push({ finishReason: message.finishReason, count: messages.length })
        }
      />,
    );
    await act(() => chatOf(h).send('What time is it in Tokyo?'));
    const { messages } = chatOf(h);
    expect(messages[1]?.toolCalls[0]).toMatchObject({ state: 'done', result: '12:00' });
    expect(finished).toEqual([{ finishReason: 'stop', count: 3 }]);
    expect(screen.getAllByTestId('message-assistant')[1]?.textContent).toBe(messages[2]?.content);
  });

  it('setMessages restores a conversation; reset empties it', async () => {
    const { client, requests } = loggingClient(mock());
    const h = handle();
    render(<Chat handle={h} client={client} model="haiku-4.5" />);
    act(() =>
      chatOf(h).setMessages([
        { id: 'u1', role: 'user', content: 'Remember: blue.' },
        { id: 'a1', role: 'assistant', content: 'Noted.' },
      ]),
    );
    expect(text('assistant')).toEqual(['Noted.']);
    await act(() => chatOf(h).send('What colour?'));
    expect(requests[0]?.body.messages?.map((m) => m.content)).toEqual([
      'Remember: blue.',
      'Noted.',
      'What colour?',
    ]);
    act(() => chatOf(h).reset());
    expect(chatOf(h).messages).toEqual([]);
    expect(chatOf(h).usage.total.total_tokens).toBe(0);
  });
});

describe('useStreamingChat: stop, regenerate, edit', () => {
  it('stop() keeps the partial answer, marks it aborted and aborts the request', async () => {
    mock().configure({ tokensPerSecond: 40 });
    const { client, requests } = loggingClient(mock());
    const h = handle();
    render(<Chat handle={h} client={client} model="haiku-4.5" />);
    act(() => {
      void chatOf(h).send('Tell me a long story about the sea.');
    });
    await waitFor(() => expect(text('assistant')[0]?.length).toBeGreaterThan(0));
    act(() => chatOf(h).stop());
    expect(screen.getByTestId('status').textContent).toBe('idle');
    const partial = screen.getByTestId('message-assistant');
    expect(partial.dataset.finish).toBe('aborted');
    expect(partial.textContent?.length).toBeGreaterThan(0);
    expect(requests[0]?.signal?.aborted).toBe(true);
  });

  it('regenerate() cancels the answer in flight and asks again; edit() rewrites a user turn', async () => {
    mock().configure({ tokensPerSecond: 40 });
    const { client, requests } = loggingClient(mock());
    const h = handle();
    render(<Chat handle={h} client={client} model="haiku-4.5" />);
    act(() => {
      void chatOf(h).send('Tell me about cats.');
    });
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('streaming'));
    mock().configure({ tokensPerSecond: 0 });
    await act(() => chatOf(h).regenerate());
    expect(requests[0]?.signal?.aborted).toBe(true);
    expect(requests).toHaveLength(2);
    expect(text('user')).toEqual(['Tell me about cats.']);
    expect(screen.getAllByTestId('message-assistant')).toHaveLength(1);
    expect(screen.getByTestId('message-assistant').dataset.finish).toBe('stop');

    const userId = chatOf(h).messages[0]?.id as string;
    await act(() => chatOf(h).edit(userId, 'Tell me about penguins.'));
    expect(text('user')).toEqual(['Tell me about penguins.']);
    expect(text('assistant')).toHaveLength(1);
    expect(text('assistant')[0]?.toLowerCase()).toContain('penguin');
    expect(requests[2]?.body.messages?.map((m) => m.content)).toEqual(['Tell me about penguins.']);
  });

  it('refuses to send while streaming (no interleaving)', async () => {
    mock().configure({ tokensPerSecond: 100 });
    const { client, requests } = loggingClient(mock());
    const h = handle();
    render(<Chat handle={h} client={client} model="haiku-4.5" />);
    let first: Promise<boolean> = Promise.resolve(false);
    let second: Promise<boolean> = Promise.resolve(true);
    act(() => {
      first = chatOf(h).send('one');
      second = chatOf(h).send('two');
    });
    expect(await second).toBe(false);
    mock().configure({ tokensPerSecond: 0 });
    await act(() => first);
    expect(text('user')).toEqual(['one']);
    expect(requests).toHaveLength(1);
  });
});

describe('useStreamingChat: errors', () => {
  it('401 shows a typed AuthenticationError; clearError returns to idle', async () => {
    const errors: unknown[] = [];
    const { client, requests } = loggingClient(mock(), 'sk-invalid');
    const h = handle();
    render(<Chat handle={h} client={client} model="haiku-4.5" onError={(e) => errors.push(e)} />);
    await act(() => chatOf(h).send('hi'));
    expect(screen.getByTestId('status').textContent).toBe('error');
    expect(chatOf(h).error).toBeInstanceOf(AuthenticationError);
    expect(screen.getByRole('alert').textContent).toMatch(/^AuthenticationError: /);
    expect(errors).toHaveLength(1);
    expect(requests).toHaveLength(1); // 401 is not retried
    act(() => chatOf(h).clearError());
    expect(screen.getByTestId('status').textContent).toBe('idle');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('403 shows TierForbiddenError for a model above the tier', async () => {
    const { client } = loggingClient(mock(), 'sk-test-standard');
    const h = handle();
    render(<Chat handle={h} client={client} model="opus-4.5" />);
    await act(() => chatOf(h).send('hi'));
    expect(chatOf(h).error).toBeInstanceOf(TierForbiddenError);
    expect(screen.getByRole('alert').textContent).toContain('requires the SuperMaxes tier');
  });

  it('429: status waiting with a retry countdown, onRetry, then the answer', async () => {
    mock().inject('rate_limit');
    const retries: unknown[] = [];
    const { client, requests } = loggingClient(mock());
    const h = handle();
    render(<Chat handle={h} client={client} model="haiku-4.5" onRetry={(e) => retries.push(e.error)} />);
    let sent: Promise<boolean> = Promise.resolve(false);
    act(() => {
      sent = chatOf(h).send('hi');
    });
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('waiting'));
    const retry = chatOf(h).retry;
    expect(retry?.attempt).toBe(1);
    expect(retry?.at).toBeGreaterThan(Date.now() - 1000);
    expect(retry?.error).toBeInstanceOf(RateLimitError);
    expect(screen.getByTestId('retry').textContent).toBe(`Retry 1 at ${retry?.at}`);
    await act(() => sent);
    expect(screen.getByTestId('status').textContent).toBe('idle');
    expect(screen.queryByTestId('retry')).toBeNull();
    expect(retries).toHaveLength(1);
    expect(requests).toHaveLength(2);
    expect(screen.getByTestId('message-assistant').dataset.finish).toBe('stop');
  });

  it('500: retried by core once it recovers; a persistent 500 ends in ServerError', async () => {
    mock().inject('server_error', { times: 1 });
    const { client, requests } = loggingClient(mock());
    const h = handle();
    render(<Chat handle={h} client={client} model="haiku-4.5" />);
    await act(() => chatOf(h).send('hi'));
    expect(screen.getByTestId('status').textContent).toBe('idle');
    expect(requests).toHaveLength(2);

    mock().inject('server_error', { times: Number.POSITIVE_INFINITY });
    await act(() => chatOf(h).send('again'));
    expect(chatOf(h).error).toBeInstanceOf(ServerError);
    expect(requests).toHaveLength(5); // 1 + 2 retries, no retry on top at the React level
  });

  it('an interrupted stream keeps its partial text and shows StreamInterruptedError', async () => {
    mock().configure({ tokensPerSecond: 400 });
    mock().inject('drop_mid_stream');
    const { client } = loggingClient(mock());
    const h = handle();
    render(<Chat handle={h} client={client} model="haiku-4.5" />);
    await act(() => chatOf(h).send('Tell me a long story about the sea.'));
    expect(screen.getByTestId('status').textContent).toBe('error');
    expect(chatOf(h).error).toBeInstanceOf(StreamInterruptedError);
    expect(text('assistant')[0]?.length).toBeGreaterThan(0);
  });
});

describe('useStreamingChat: more actions', () => {
  it('send() takes a message object with content parts', async () => {
    const { client, requests } = loggingClient(mock());
    const h = handle();
    render(<Chat handle={h} client={client} model="haiku-4.5" />);
    const parts = [
      { type: 'text' as const, text: 'Describe this picture.' },
      { type: 'image_url' as const, image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
    ];
    let sent = false;
    await act(async () => {
      sent = await chatOf(h).send({ role: 'user', content: parts });
    });
    expect(sent).toBe(true);
    const [user, answer] = chatOf(h).messages;
    expect(user).toMatchObject({ role: 'user', content: 'Describe this picture.', parts });
    expect(answer?.finishReason).toBe('stop');
    expect(text('user')).toEqual(['Describe this picture.']);
    expect(requests[0]?.body.messages).toEqual([{ role: 'user', content: parts }]);
  });

  it('stop() before the first token adds no assistant message and aborts the request', async () => {
    mock().configure({ ttftMs: 5_000 });
    const { client, requests } = loggingClient(mock());
    const h = handle();
    render(<Chat handle={h} client={client} model="haiku-4.5" />);
    let sent: Promise<boolean> = Promise.resolve(false);
    act(() => {
      sent = chatOf(h).send('Hello?');
    });
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(screen.getByTestId('status').textContent).toBe('submitted');
    act(() => chatOf(h).stop());
    expect(screen.getByTestId('status').textContent).toBe('idle');
    expect(requests[0]?.signal?.aborted).toBe(true);
    await act(() => sent);
    expect(chatOf(h).messages.map((m) => m.role)).toEqual(['user']);
    expect(chatOf(h).error).toBeNull();
  });

  it('reset() while streaming aborts the request and empties the chat for good', async () => {
    mock().configure({ tokensPerSecond: 40 });
    const { client, requests } = loggingClient(mock());
    const h = handle();
    render(<Chat handle={h} client={client} model="haiku-4.5" />);
    let sent: Promise<boolean> = Promise.resolve(false);
    act(() => {
      sent = chatOf(h).send('Tell me a long story about the sea.');
    });
    await waitFor(() => expect(text('assistant')[0]?.length).toBeGreaterThan(0));
    act(() => chatOf(h).reset());
    expect(requests[0]?.signal?.aborted).toBe(true);
    expect(chatOf(h)).toMatchObject({ messages: [], status: 'idle', error: null });
    await act(() => sent);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Nothing of the cancelled answer comes back later.
    expect(screen.queryAllByRole('listitem')).toHaveLength(0);
    expect(chatOf(h).usage.total.total_tokens).toBe(0);
  });

  it('regenerate(userMessageId) drops everything after that turn and asks it again', async () => {
    const { client, requests } = loggingClient(mock());
    const h = handle();
    render(<Chat handle={h} client={client} model="haiku-4.5" />);
    await act(() => chatOf(h).send('Tell me about cats.'));
    await act(() => chatOf(h).send('And dogs?'));
    expect(chatOf(h).messages).toHaveLength(4);
    const first = chatOf(h).messages[0];
    await act(() => chatOf(h).regenerate(first?.id));
    expect(requests).toHaveLength(3);
    expect(requests[2]?.body.messages?.map((m) => m.content)).toEqual(['Tell me about cats.']);
    expect(chatOf(h).messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(chatOf(h).messages[0]).toBe(first);
    expect(chatOf(h).messages[1]?.finishReason).toBe('stop');
  });

  it('edit() while a request is in flight cancels it first: one answer, to the edited message', async () => {
    mock().configure({ tokensPerSecond: 40 });
    const { client, requests } = loggingClient(mock());
    const h = handle();
    render(<Chat handle={h} client={client} model="haiku-4.5" />);
    act(() => {
      void chatOf(h).send('Tell me about cats.');
    });
    await waitFor(() => expect(text('assistant')[0]?.length).toBeGreaterThan(0));
    mock().configure({ tokensPerSecond: 0 });
    const userId = chatOf(h).messages[0]?.id as string;
    await act(() => chatOf(h).edit(userId, 'Tell me about penguins.'));
    expect(requests).toHaveLength(2);
    expect(requests[0]?.signal?.aborted).toBe(true);
    expect(requests[1]?.body.messages?.map((m) => m.content)).toEqual(['Tell me about penguins.']);
    expect(chatOf(h).messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(chatOf(h).messages[0]).toMatchObject({ id: userId, content: 'Tell me about penguins.' });
    expect(chatOf(h).messages[1]?.finishReason).toBe('stop');
    expect(text('assistant')[0]?.toLowerCase()).toContain('penguin');
  });

  it('stop() while the loop waits for addToolResult marks the call stopped and unblocks send', async () => {
    const { client, requests } = loggingClient(mock());
    const h = handle();
    render(
      <Chat
        handle={h}
        client={client}
        model="haiku-4.5-agentic"
        tools={{
          confirm_booking: {
            description: 'Ask the user to confirm a booking',
            parameters: { type: 'object', properties: { hotel: { type: 'string' } } },
          },
        }}
      />,
    );
    await act(() => chatOf(h).send('Please confirm the booking at the Hotel Astoria.'));
    expect(chatOf(h).messages[1]?.toolCalls[0]?.state).toBe('pending');
    expect(await chatOf(h).send('Hello?')).toBe(false);
    act(() => chatOf(h).stop());
    expect(chatOf(h).status).toBe('idle');
    expect(chatOf(h).messages[1]?.toolCalls[0]).toMatchObject({ state: 'error', error: 'Stopped' });
    let sent = false;
    await act(async () => {
      sent = await chatOf(h).send('Never mind.');
    });
    expect(sent).toBe(true);
    expect(requests).toHaveLength(2);
    expect(requests[1]?.body.messages?.find((m) => m.role === 'tool')?.content).toBe('{"error":"Stopped"}');
  });
});
