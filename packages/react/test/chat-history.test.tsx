// Chat history in React (jsdom, real localStorage, real emulator): persistence with reload, pagehide,
// branches, the queue, useChatList live across saves, and unchanged rows keeping their identity.
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { type ChatSessionMessage, localStoragePersistence, type memoryPersistence } from '@using-ai/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type UseStreamingChatOptions, useChatList, useStreamingChat } from '../src';
import { Chat, type ChatHandle, chatOf, handle, loggingClient, setupMockServer } from './helpers';

const mock = setupMockServer();
afterEach(cleanup);
beforeEach(() => localStorage.clear());

describe('useStreamingChat with persistence', () => {
  it("says 'loading' until loaded, and a remount (a reload) gets the history back", async () => {
    const persistence = localStoragePersistence();
    const { client } = loggingClient(mock());
    const h = handle();
    const view = render(
      <Chat handle={h} client={client} id="r1" persistence={persistence} model="haiku-4.5" />,
    );
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('idle'));
    await act(() => chatOf(h).send('Tell me about otters.'));
    const before = chatOf(h).messages;
    await waitFor(() => expect(localStorage.getItem('using-ai:chat:r1')).toContain('otters'));
    view.unmount();

    const again = handle();
    render(
      <Chat
        handle={again}
        client={client}
        id="r1"
        persistence={localStoragePersistence()}
        model="haiku-4.5"
      />,
    );
    expect(chatOf(again)).toMatchObject({ status: 'loading', loading: true });
    await waitFor(() => expect(chatOf(again).loading).toBe(false));
    expect(chatOf(again).messages).toEqual(before);
  });

  it('saves on pagehide in the middle of a stream, and the reload marks the answer incomplete', async () => {
    mock().configure({ tokensPerSecond: 20 });
    const persistence = localStoragePersistence();
    const { client } = loggingClient(mock());
    const h = handle();
    render(<Chat handle={h} client={client} id="r2" persistence={persistence} model="haiku-4.5" />);
    await waitFor(() => expect(chatOf(h).loading).toBe(false));
    act(() => void chatOf(h).send('Tell me about otters.'));
    await waitFor(() => expect(chatOf(h).messages[1]?.content).toBeTruthy());
    // Right after the user message was saved: the answer is not stored yet (the next save is a second away).
    const stored = () => JSON.parse(localStorage.getItem('using-ai:chat:r2') ?? '{"messages":[]}');
    const partial = chatOf(h).messages[1]?.content;
    window.dispatchEvent(new Event('pagehide'));
    await waitFor(() => expect(stored().messages[1]?.content).toBeTruthy());
    expect(stored().messages[1]?.content.startsWith(partial)).toBe(true);
    cleanup();
    mock().configure({ tokensPerSecond: 0 });

    const again = handle();
    // A new client: the page is new, and so is its session.
    render(<Chat handle={again} client={loggingClient(mock()).client} id="r2" persistence={persistence} />);
    await waitFor(() => expect(chatOf(again).loading).toBe(false));
    expect(chatOf(again).messages[1]).toMatchObject({
      role: 'assistant',
      finishReason: null,
      incomplete: true,
    });
  });
});

describe('useStreamingChat: branches and queue', () => {
  it('regenerate keeps the old answer: branchesOf and selectBranch on the hook result', async () => {
    const { client } = loggingClient(mock());
    const h = handle();
    render(<Chat handle={h} client={client} model="haiku-4.5" />);
    await act(() => chatOf(h).send('Tell me about otters.'));
    const first = chatOf(h).messages[1]?.id as string;
    await act(() => chatOf(h).regenerate());
    const second = chatOf(h).messages[1]?.id as string;
    expect(chatOf(h).branchesOf(second)).toEqual({ ids: [first, second], index: 1 });
    act(() => void chatOf(h).selectBranch(first));
    expect(chatOf(h).messages[1]?.id).toBe(first);
    expect(screen.getAllByTestId('message-assistant')).toHaveLength(1);
  });

  it("whileBusy: 'queue' shows queued messages and sends them after the answer", async () => {
    const { client, requests } = loggingClient(mock());
    const h = handle();
    render(<Chat handle={h} client={client} model="haiku-4.5" whileBusy="queue" />);
    let all: Promise<boolean[]> = Promise.resolve([]);
    act(() => {
      all = Promise.all([chatOf(h).send('Otters?'), chatOf(h).send('Beavers?')]);
    });
    expect(chatOf(h).queued.map((m) => m.content)).toEqual(['Beavers?']);
    await act(async () => {
      expect(await all).toEqual([true, true]);
    });
    await waitFor(() => expect(chatOf(h).status).toBe('idle'));
    expect(chatOf(h).queued).toEqual([]);
    expect(requests).toHaveLength(2);
    expect(chatOf(h).messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  });
});

function List({ persistence }: { persistence: ReturnType<typeof memoryPersistence> }) {
  const { chats, rename, remove } = useChatList(persistence);
  return (
    <ul>
      {chats.map((c) => (
        <li key={c.id} data-testid="chat">
          {c.title}
          <button type="button" onClick={() => void rename(c.id, `Renamed ${c.id}`)}>
            rename {c.id}
          </button>
          <button type="button" onClick={() => void remove(c.id)}>
            remove {c.id}
          </button>
        </li>
      ))}
    </ul>
  );
}

describe('useChatList', () => {
  it('lists chats newest first, live as chats are saved, renamed and removed', async () => {
    const persistence = localStoragePersistence();
    const { client } = loggingClient(mock());
    const titles = () => screen.queryAllByTestId('chat').map((el) => el.firstChild?.textContent);
    const a = handle();
    const b = handle();
    render(
      <>
        <List persistence={persistence} />
        <Chat handle={a} client={client} id="la" persistence={persistence} model="haiku-4.5" />
        <Chat handle={b} client={client} id="lb" persistence={persistence} model="haiku-4.5" />
      </>,
    );
    await waitFor(() => expect(chatOf(b).loading).toBe(false));
    expect(titles()).toEqual([]);
    await act(() => chatOf(a).send('Tell me about otters.'));
    await waitFor(() => expect(titles()).toEqual(['Tell me about otters.']));
    await act(() => chatOf(b).send('Beavers, please.'));
    await waitFor(() => expect(titles()).toEqual(['Beavers, please.', 'Tell me about otters.']));

    act(() => screen.getByText('rename la').click());
    await waitFor(() => expect(titles()).toEqual(['Beavers, please.', 'Renamed la']));
    // A later save of that chat keeps the new title and moves it to the top.
    await act(() => chatOf(a).send('More?'));
    await waitFor(() => expect(titles()).toEqual(['Renamed la', 'Beavers, please.']));
    act(() => screen.getByText('remove lb').click());
    await waitFor(() => expect(titles()).toEqual(['Renamed la']));
  });
});

/** Records the messages array of every render. */
function LongChat(props: {
  options: UseStreamingChatOptions;
  handle: ChatHandle;
  seen: ChatSessionMessage[][];
}) {
  const chat = useStreamingChat(props.options);
  props.handle.current = chat;
  props.seen.push(chat.messages);
  return null;
}

describe('a long chat', () => {
  it('streaming into it keeps the earlier messages (and the array prefix) identical', async () => {
    mock().configure({ tokensPerSecond: 200 });
    const { client } = loggingClient(mock());
    const initialMessages = Array.from({ length: 200 }, (_, i) => ({
      role: i % 2 ? ('assistant' as const) : ('user' as const),
      content: `Message ${i}`,
    }));
    const h = handle();
    const seen: ChatSessionMessage[][] = [];
    render(<LongChat options={{ client, model: 'haiku-4.5', initialMessages }} handle={h} seen={seen} />);
    await act(() => chatOf(h).send('Go on.'));
    const earlier = seen[0] as ChatSessionMessage[];
    expect(seen.length).toBeGreaterThan(2);
    for (const messages of seen) for (let i = 0; i < 200; i += 1) expect(messages[i]).toBe(earlier[i]);
  });
});
