// Acceptance for issue #13 in React (jsdom, real localStorage, the real emulator over HTTP):
// useStreamingChat({ id, persistence }), branches and the queue on the hook, useChatList(persistence).
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import {
  type ChatPersistence,
  createClient,
  localStoragePersistence,
  memoryPersistence,
  type UsingAiClient,
} from '@using-ai/core';
import { type MockServer, startMockServer } from '@using-ai/mock';
import {
  type UseStreamingChatOptions,
  type UseStreamingChatResult,
  UsingAiProvider,
  useChatList,
  useStreamingChat,
} from '@using-ai/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(() => mock.close());
afterEach(() => {
  cleanup();
  mock.reset();
});
beforeEach(() => localStorage.clear());

const handle: { current: UseStreamingChatResult | null } = { current: null };
const chat = () => {
  if (!handle.current) throw new Error('not rendered');
  return handle.current;
};

function Chat(options: UseStreamingChatOptions) {
  const result = useStreamingChat({ model: 'haiku-4.5', throttle: false, ...options });
  handle.current = result;
  return (
    <div>
      <p data-testid="status">{result.status}</p>
      {result.messages.map((m) => (
        <p key={m.id} data-testid={`m-${m.role}`}>
          {m.content}
          {m.incomplete && <em> (interrupted)</em>}
        </p>
      ))}
    </div>
  );
}

function Sidebar({ persistence }: { persistence: ChatPersistence }) {
  const { chats, remove, rename } = useChatList(persistence);
  return (
    <ul>
      {chats.map((c) => (
        <li key={c.id} data-testid="chat">
          <span>{c.title}</span>
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

const Provider = ({ children }: { children: React.ReactNode }) => (
  <UsingAiProvider baseURL={mock.baseURL} headers={{ Authorization: 'Bearer sk-test-supermaxes' }}>
    {children}
  </UsingAiProvider>
);

describe('issue 13: useStreamingChat({ id, persistence })', () => {
  it('loads (status loading until then), saves by itself, and a remount gets the chat back', async () => {
    const persistence = localStoragePersistence();
    const view = render(<Chat id="one" persistence={persistence} />, { wrapper: Provider });
    expect(chat().status).toBe('loading');
    await waitFor(() => expect(chat().status).toBe('idle'));
    await act(() => chat().send('Tell me about otters.'));
    const before = chat().messages.map((m) => m.content);
    await waitFor(async () => expect((await persistence.load('one'))?.messages).toHaveLength(2));
    view.unmount();

    render(<Chat id="one" persistence={localStoragePersistence()} />, { wrapper: Provider });
    await waitFor(() => expect(chat().loading).toBe(false));
    expect(chat().messages.map((m) => m.content)).toEqual(before);
  });

  it('an answer cut off before its end comes back incomplete: true and the UI can say so', async () => {
    const persistence = memoryPersistence();
    await persistence.save({
      id: 'cut',
      title: 'Cut',
      updatedAt: Date.now(),
      activeId: 'a1',
      messages: [
        {
          id: 'u1',
          role: 'user',
          content: 'Hi',
          reasoning: '',
          toolCalls: [],
          usage: null,
          finishReason: null,
          parentId: null,
        },
        {
          id: 'a1',
          role: 'assistant',
          content: 'Half an ans',
          reasoning: '',
          toolCalls: [],
          usage: null,
          finishReason: null,
          parentId: 'u1',
        },
      ],
    });
    render(<Chat id="cut" persistence={persistence} />, { wrapper: Provider });
    await waitFor(() => expect(chat().loading).toBe(false));
    expect(chat().messages[1]?.incomplete).toBe(true);
    expect(screen.getByText('(interrupted)')).toBeTruthy();
    expect(chat().status).toBe('idle');
  });

  it('branches on the hook: regenerate, branchesOf → { ids, index }, selectBranch', async () => {
    render(<Chat />, { wrapper: Provider });
    await act(() => chat().send('Tell me about cats.'));
    const first = chat().messages[1]?.id ?? '';
    await act(() => chat().regenerate());
    const second = chat().messages[1]?.id ?? '';
    expect(chat().branchesOf(second)).toEqual({ ids: [first, second], index: 1 });
    act(() => void chat().selectBranch(first));
    expect(chat().messages[1]?.id).toBe(first);
  });

  it("whileBusy: 'queue' on the hook: queued, then sent in order; clearQueue", async () => {
    mock.configure({ tokensPerSecond: 200 });
    render(<Chat whileBusy="queue" max_tokens={20} />, { wrapper: Provider });
    let first: Promise<boolean> = Promise.resolve(false);
    let second: Promise<boolean> = Promise.resolve(false);
    act(() => {
      first = chat().send('One');
    });
    await waitFor(() => expect(chat().status).not.toBe('idle'));
    act(() => {
      second = chat().send('Two');
    });
    expect(chat().queued.map((m) => m.content)).toEqual(['Two']);
    await act(async () => {
      await first;
      await second;
    });
    expect(
      chat()
        .messages.filter((m) => m.role === 'user')
        .map((m) => m.content),
    ).toEqual(['One', 'Two']);
    expect(chat().queued).toEqual([]);
    expect(typeof chat().clearQueue).toBe('function');
  });
});

describe('issue 13: useChatList(persistence)', () => {
  it('gives { chats, remove, rename }: newest first, titled from the first user message, live', async () => {
    const persistence = localStoragePersistence();
    const titles = () => screen.queryAllByTestId('chat').map((el) => el.querySelector('span')?.textContent);
    render(
      <>
        <Sidebar persistence={persistence} />
        <Chat id="older" persistence={persistence} />
      </>,
      { wrapper: Provider },
    );
    await waitFor(() => expect(chat().status).toBe('idle'));
    await act(() => chat().send('First chat about owls'));
    await waitFor(() => expect(titles()).toEqual(['First chat about owls']));
    cleanup();

    render(
      <>
        <Sidebar persistence={persistence} />
        <Chat id="newer" persistence={persistence} />
      </>,
      { wrapper: Provider },
    );
    await waitFor(() => expect(chat().status).toBe('idle'));
    await act(() => chat().send('Second chat about bats'));
    await waitFor(() => expect(titles()).toEqual(['Second chat about bats', 'First chat about owls']));

    act(() => screen.getByText('rename older').click());
    await waitFor(() => expect(titles()).toContain('Renamed older'));
    act(() => screen.getByText('remove older').click());
    await waitFor(() => expect(titles()).toEqual(['Second chat about bats']));
    expect(await persistence.load('older')).toBeNull();
  });
});

type TabOut = { current: UseStreamingChatResult | null };
function Tab({ out, client }: { out: TabOut; client: UsingAiClient }) {
  out.current = useStreamingChat({ id: 'synced', sync: true, client, model: 'haiku-4.5', throttle: false });
  return <p>{out.current.messages.length}</p>;
}

describe('issue 13: useStreamingChat({ id, sync: true })', () => {
  it('two "tabs" (two clients) on one chat stay the same; one send makes one request', async () => {
    const tab = () =>
      createClient({ baseURL: mock.baseURL, headers: { Authorization: 'Bearer sk-test-supermaxes' } });
    const a: TabOut = { current: null };
    const b: TabOut = { current: null };
    render(
      <>
        <Tab out={a} client={tab()} />
        <Tab out={b} client={tab()} />
      </>,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = mock.requests().length;
    await act(() => a.current?.send('Hello from A') ?? Promise.resolve(false));
    await waitFor(() =>
      expect(b.current?.messages.map((m) => m.content)).toEqual(a.current?.messages.map((m) => m.content)),
    );
    expect(b.current?.messages).toHaveLength(2);
    expect(mock.requests().length - before).toBe(1);
  });
});
