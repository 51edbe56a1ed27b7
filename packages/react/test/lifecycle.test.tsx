// Shared ids, StrictMode, unmount, server rendering and hydration.

import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import type { UsingAiClient } from '@using-ai/core';
import { StrictMode, useEffect } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type UseStreamingChatOptions, UsingAiProvider, useStreamingChat } from '../src';
import { Chat, type ChatHandle, chatOf, handle, loggingClient, setupMockServer } from './helpers';

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
});
