// Shared ids, StrictMode, unmount, server rendering and hydration.

import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import type { UsingAiClient } from '@using-ai/core';
import { Component, type ReactNode, StrictMode, useEffect } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type UseStreamingChatOptions, UsingAiProvider, useStreamingChat } from '../src';
import {
  Chat,
  type ChatHandle,
  chatOf,
  handle,
  loggingClient,
  setupMockServer,
  weatherTool,
} from './helpers';

const mock = setupMockServer();
afterEach(cleanup);

function Two({ a, client, showB }: { a: ChatHandle; client: UsingAiClient; showB: boolean }) {
  return (
    <>
      <Chat handle={a} client={client} id="shared-2" model="haiku-4.5" />
      {showB ? <Chat client={client} id="shared-2" model="haiku-4.5" /> : null}
    </>
  );
}

function AutoSend(props: UseStreamingChatOptions) {
  const chat = useStreamingChat(props);
  const { send } = chat;
  useEffect(() => {
    // StrictMode runs this effect twice; the second send is refused because the first is in flight.
    void send('Hello on mount');
  }, [send]);
  return <p data-testid="auto">{chat.messages.map((m) => m.content).join(' | ')}</p>;
}

const initialMessages = [
  { role: 'user' as const, content: 'What is a lighthouse?' },
  { role: 'assistant' as const, content: 'A tower with a light that guides ships.' },
];

function App({ client }: { client: UsingAiClient }) {
  return (
    <UsingAiProvider client={client}>
      <Ids />
    </UsingAiProvider>
  );
}

function Ids() {
  const chat = useStreamingChat({ model: 'haiku-4.5', initialMessages });
  return (
    <section data-chat={chat.id}>
      {chat.messages.map((m) => (
        <p key={m.id} id={m.id}>
          {m.content}
        </p>
      ))}
      <span data-testid="ssr-status">{chat.status}</span>
    </section>
  );
}

function Page({ client, user, pair = false }: { client: UsingAiClient; user: string; pair?: boolean }) {
  const chat = {
    id: 'page',
    model: 'haiku-4.5',
    initialMessages: [{ role: 'user' as const, content: user }],
  };
  return (
    <UsingAiProvider client={client}>
      <IdChat {...chat} testId="first" />
      {pair ? <IdChat {...chat} testId="second" /> : null}
    </UsingAiProvider>
  );
}

const pageHandles: Record<string, ChatHandle> = {};

function IdChat({ testId, ...options }: UseStreamingChatOptions & { testId: string }) {
  const chat = useStreamingChat(options);
  pageHandles[testId] = { current: chat };
  return (
    <section data-testid={testId}>
      {chat.messages.map((m) => (
        <p key={m.id} id={m.id}>
          {m.content}
        </p>
      ))}
    </section>
  );
}

describe('shared id', () => {
  it('two components with the same id share one chat and one request', async () => {
    const { client, requests } = loggingClient(mock());
    const a = handle();
    const b = handle();
    render(
      <UsingAiProvider client={client}>
        <div data-testid="a">
          <Chat handle={a} id="shared-1" model="haiku-4.5" />
        </div>
        <div data-testid="b">
          <Chat handle={b} id="shared-1" model="haiku-4.5" />
        </div>
      </UsingAiProvider>,
    );
    await act(() => chatOf(a).send('Hello from A'));
    expect(requests).toHaveLength(1);
    expect(chatOf(b).messages).toBe(chatOf(a).messages);
    expect(chatOf(b).id).toBe('shared-1');
    const texts = (id: string) =>
      Array.from(screen.getByTestId(id).querySelectorAll('li')).map((li) => li.textContent);
    expect(texts('b')).toEqual(texts('a'));
    expect(texts('b')[0]).toBe('Hello from A');
    // B is busy while A's request runs: one chat, one request at a time.
    mock().configure({ tokensPerSecond: 50 });
    act(() => {
      void chatOf(a).send('Tell me a story.');
    });
    expect(await chatOf(b).send('Interleave?')).toBe(false);
    act(() => chatOf(b).stop());
    expect(chatOf(a).status).toBe('idle');
    expect(requests).toHaveLength(2);
  });

  it('unmounting one sharer keeps the request; unmounting the last aborts it', async () => {
    mock().configure({ tokensPerSecond: 40 });
    const { client, requests } = loggingClient(mock());
    const a = handle();
    const view = render(<Two a={a} client={client} showB />);
    act(() => {
      void chatOf(a).send('Tell me a long story about the sea.');
    });
    await waitFor(() => expect(chatOf(a).status).toBe('streaming'));
    view.rerender(<Two a={a} client={client} showB={false} />);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(requests[0]?.signal?.aborted).toBe(false);
    expect(chatOf(a).status).toBe('streaming');
    view.unmount();
    await waitFor(() => expect(requests[0]?.signal?.aborted).toBe(true));
  });
});

class Boundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? <p data-testid="fallback">failed</p> : this.props.children;
  }
}

function Boom(): never {
  throw new Error('boom');
}

describe('the registry of shared ids', () => {
  it('a render React throws away (error boundary) does not keep its id: a later mount starts fresh', async () => {
    const { client } = loggingClient(mock());
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    const view = render(
      <Boundary>
        <Chat client={client} id="dropped" initialMessages={[{ role: 'user', content: 'OLD' }]} />
        <Boom />
      </Boundary>,
    );
    quiet.mockRestore();
    expect(screen.getByTestId('fallback')).toBeTruthy();
    view.unmount();
    // Later: the provisional registration of a session nobody subscribed to ends with the task.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const h = handle();
    render(
      <Chat handle={h} client={client} id="dropped" initialMessages={[{ role: 'user', content: 'NEW' }]} />,
    );
    expect(chatOf(h).messages.map((m) => m.content)).toEqual(['NEW']);
  });

  it('a later mount with the same id and client starts from initialMessages again (right after cleanup)', async () => {
    const { client, requests } = loggingClient(mock());
    const first = handle();
    render(<Chat handle={first} client={client} id="again" model="haiku-4.5" />);
    await act(() => chatOf(first).send('first mount'));
    expect(chatOf(first).messages).toHaveLength(2);
    // RTL's cleanup unmounts synchronously; the next render comes before any timer could run.
    cleanup();
    const second = handle();
    render(
      <Chat
        handle={second}
        client={client}
        id="again"
        model="haiku-4.5"
        initialMessages={[{ role: 'user', content: 'restored' }]}
      />,
    );
    expect(chatOf(second).messages.map((m) => m.content)).toEqual(['restored']);
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['restored']);
    expect(requests).toHaveLength(1);
  });

  it('under StrictMode a chat with an id sends once and stays shared with a later mount', async () => {
    const { client, requests } = loggingClient(mock());
    const later = handle();
    const view = render(
      <StrictMode>
        <AutoSend client={client} id="strict-id" model="haiku-4.5" />
      </StrictMode>,
    );
    await waitFor(() => expect(screen.getByTestId('auto').textContent).toMatch(/^Hello on mount \| .+/));
    expect(requests).toHaveLength(1);
    view.rerender(
      <StrictMode>
        <AutoSend client={client} id="strict-id" model="haiku-4.5" />
        <Chat handle={later} client={client} id="strict-id" />
      </StrictMode>,
    );
    expect(chatOf(later).messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(requests).toHaveLength(1);
  });

  it("unmounting while a tool's execute runs aborts the tool's signal", async () => {
    const { client } = loggingClient(mock());
    let toolSignal: AbortSignal | undefined;
    const h = handle();
    const view = render(
      <Chat
        handle={h}
        client={client}
        model="haiku-4.5-agentic"
        tools={weatherTool((_args, { signal }) => {
          toolSignal = signal;
          return new Promise(() => {}); // never settles: only the signal can end it
        })}
      />,
    );
    act(() => {
      void chatOf(h).send('What is the weather in Paris?');
    });
    await waitFor(() => expect(toolSignal).toBeDefined());
    expect(chatOf(h).messages[1]?.toolCalls[0]?.state).toBe('running');
    expect(toolSignal?.aborted).toBe(false);
    view.unmount();
    await waitFor(() => expect(toolSignal?.aborted).toBe(true));
  });
});

describe('StrictMode', () => {
  it('sends once when a mount effect sends, and once per click', async () => {
    const { client, requests } = loggingClient(mock());
    render(
      <StrictMode>
        <AutoSend client={client} model="haiku-4.5" />
      </StrictMode>,
    );
    await waitFor(() => expect(screen.getByTestId('auto').textContent).toMatch(/^Hello on mount \| .+/));
    expect(requests).toHaveLength(1);

    const h = handle();
    render(
      <StrictMode>
        <Chat handle={h} client={client} model="haiku-4.5" />
      </StrictMode>,
    );
    await act(() => chatOf(h).send('one click'));
    expect(requests).toHaveLength(2);
    expect(chatOf(h).messages.map((m) => m.role)).toEqual(['user', 'assistant']);
  });

  it('unmounting under StrictMode still aborts the request', async () => {
    mock().configure({ tokensPerSecond: 40 });
    const { client, requests } = loggingClient(mock());
    const h = handle();
    const view = render(
      <StrictMode>
        <Chat handle={h} client={client} model="haiku-4.5" />
      </StrictMode>,
    );
    act(() => {
      void chatOf(h).send('Tell me a long story about the sea.');
    });
    await waitFor(() => expect(chatOf(h).status).toBe('streaming'));
    view.unmount();
    await waitFor(() => expect(requests[0]?.signal?.aborted).toBe(true));
    expect(requests).toHaveLength(1);
  });
});

describe('server rendering', () => {
  it('renders initialMessages without fetching and hydrates without a mismatch', async () => {
    const { client, requests } = loggingClient(mock());
    const html = renderToString(<App client={client} />);
    expect(html).toContain('What is a lighthouse?');
    expect(html).toContain('A tower with a light that guides ships.');
    expect(requests).toHaveLength(0);

    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.append(container);
    const serverIds = Array.from(container.querySelectorAll('p')).map((p) => p.id);
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const recoverable: unknown[] = [];
    let root: ReturnType<typeof hydrateRoot> | undefined;
    try {
      await act(async () => {
        root = hydrateRoot(container, <App client={client} />, {
          onRecoverableError: (error) => recoverable.push(error),
        });
      });
      expect(recoverable).toEqual([]);
      expect(consoleError).not.toHaveBeenCalled();
    } finally {
      consoleError.mockRestore();
    }
    expect(Array.from(container.querySelectorAll('p')).map((p) => p.id)).toEqual(serverIds);
    expect(serverIds[0]).toMatch(/-0$/);
    expect(requests).toHaveLength(0);
    act(() => root?.unmount());
    container.remove();
  });

  it('with an id, two renders with the same client do not share a chat (nothing is registered)', () => {
    const { client, requests } = loggingClient(mock());
    const alice = renderToString(<Page client={client} user="Alice's question" />);
    const bob = renderToString(<Page client={client} user="Bob's question" />);
    expect(alice).toContain('Alice&#x27;s question');
    expect(bob).toContain('Bob&#x27;s question');
    expect(bob).not.toContain('Alice');
    expect(requests).toHaveLength(0);
  });

  it('with an id, hydrates without a mismatch and the two components of one id share one chat', async () => {
    const { client, requests } = loggingClient(mock());
    renderToString(<Page client={client} user="someone else" pair />);
    const html = renderToString(<Page client={client} user="Hello from the server" pair />);
    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.append(container);
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const recoverable: unknown[] = [];
    let root: ReturnType<typeof hydrateRoot> | undefined;
    try {
      await act(async () => {
        root = hydrateRoot(container, <Page client={client} user="Hello from the server" pair />, {
          onRecoverableError: (error) => recoverable.push(error),
        });
      });
      expect(recoverable).toEqual([]);
      expect(consoleError).not.toHaveBeenCalled();
    } finally {
      consoleError.mockRestore();
    }
    const chat = (id: string) => chatOf(pageHandles[id] as ChatHandle);
    expect(chat('second').messages).toBe(chat('first').messages);
    await act(() => chat('second').send('And a follow-up.'));
    expect(requests).toHaveLength(1);
    expect(requests[0]?.body.messages?.map((m) => m.content)).toEqual([
      'Hello from the server',
      'And a follow-up.',
    ]);
    expect(chat('first').messages).toHaveLength(3);
    expect(chat('second').messages).toBe(chat('first').messages);
    const texts = (id: string) =>
      Array.from(container.querySelectorAll(`[data-testid="${id}"] p`)).map((p) => p.textContent);
    expect(texts('first')).toEqual(texts('second'));
    act(() => root?.unmount());
    container.remove();
  });
});
