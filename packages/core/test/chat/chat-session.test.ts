// The chat session against the real emulator over HTTP on 127.0.0.1, through the real core client.
import {
  AuthenticationError,
  type ChatSession,
  type ChatSessionOptions,
  type ChatSnapshot,
  type ChatStatus,
  type ClientOptions,
  createChatSession,
  createClient,
  RateLimitError,
  type RetryEvent,
  ServerError,
  StreamInterruptedError,
  TierForbiddenError,
} from '@using-ai/core';
// Relative, not '@using-ai/mock': core does not depend on the emulator package (mock depends on core).
import { type MockServer, startMockServer } from '@using-ai/mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { until } from './until';

let mock: MockServer;

beforeAll(async () => {
  // A 1 s rate-limit window keeps the 429 tests' Retry-After short.
  mock = await startMockServer({ rateLimit: { windowMs: 1000 } });
});
afterAll(() => mock.close());
afterEach(() => mock.reset());

function client(key = 'sk-test-supermaxes', options: ClientOptions = {}) {
  return createClient({
    baseURL: mock.baseURL,
    headers: { Authorization: `Bearer ${key}` },
    retryDelay: { baseMs: 1, maxMs: 5 },
    ...options,
  });
}

const subscriptions: Array<() => void> = [];
afterEach(() => {
  for (const unsubscribe of subscriptions.splice(0)) unsubscribe();
});

/** A session with one lasting subscriber, like a mounted UI (the last unsubscribe would abort). */
function session(options: ChatSessionOptions = {}, key?: string, clientOptions?: ClientOptions) {
  const chat = createChatSession(client(key, clientOptions), {
    model: 'haiku-4.5',
    throttle: false,
    ...options,
  });
  subscriptions.push(chat.subscribe(() => {}));
  return chat;
}

/** Records every published snapshot. */
function record(chat: ChatSession) {
  const snapshots: ChatSnapshot[] = [];
  const unsubscribe = chat.subscribe(() => snapshots.push(chat.getSnapshot()));
  return { snapshots, statuses: () => snapshots.map((s) => s.status), unsubscribe };
}

const lastMessage = (s: ChatSnapshot) => s.messages[s.messages.length - 1];
const dedupe = (statuses: ChatStatus[]) => statuses.filter((s, i) => s !== statuses[i - 1]);

describe('streaming', () => {
  it('streams an answer into a new assistant message and settles idle with usage', async () => {
    const chat = session();
    const { statuses, unsubscribe } = record(chat);
    expect(await chat.send('Tell me about otters.')).toBe(true);
    unsubscribe();
    const { messages, status, error, usage } = chat.getSnapshot();
    expect(status).toBe('idle');
    expect(error).toBeNull();
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    const [user, answer] = messages;
    expect(user?.content).toBe('Tell me about otters.');
    expect(answer?.content.length).toBeGreaterThan(20);
    expect(answer?.finishReason).toBe('stop');
    expect(answer?.model).toBe('haiku-4.5');
    expect(answer?.usage?.completion_tokens).toBeGreaterThan(0);
    expect(usage.last).toEqual(answer?.usage);
    expect(usage.total.total_tokens).toBe(answer?.usage?.total_tokens);
    expect(dedupe(statuses())).toEqual(['submitted', 'streaming', 'idle']);
  });

  it('streams reasoning of a thinking model separately from the answer', async () => {
    const chat = session({ model: 'deepseek-r2' });
    await chat.send('Why is the sky blue?');
    const answer = lastMessage(chat.getSnapshot());
    expect(answer?.reasoning.length).toBeGreaterThan(10);
    expect(answer?.content.length).toBeGreaterThan(10);
    expect(answer?.content).not.toContain(answer?.reasoning);
  });

  it('sends the system prompt, request params and history with each request', async () => {
    const bodies: Array<Record<string, unknown>> = [];
    const chat = session({ system: 'Be terse.', temperature: 0.2, max_tokens: 5 }, undefined, {
      fetch: (input, init) => {
        bodies.push(JSON.parse(String(init?.body)));
        return fetch(input, init);
      },
    });
    await chat.send('first');
    await chat.send('second', { temperature: 0.9 });
    expect(bodies[0]).toMatchObject({
      model: 'haiku-4.5',
      temperature: 0.2,
      max_tokens: 5,
      stream: true,
      messages: [
        { role: 'system', content: 'Be terse.' },
        { role: 'user', content: 'first' },
      ],
    });
    expect(bodies[1]?.temperature).toBe(0.9);
    expect(bodies[1]?.messages).toHaveLength(4);
    // max_tokens 5 cuts the answer: the API says why.
    expect(chat.getSnapshot().messages[1]?.finishReason).toBe('length');
  });

  it('batches notifications through the scheduler; the terminal state is flushed at once', async () => {
    let scheduled = 0;
    // A scheduler that never runs: only immediate flushes (user actions, terminal states) reach listeners.
    const chat = session({ scheduler: () => void scheduled++ });
    const { snapshots, unsubscribe } = record(chat);
    await chat.send('Write a long story about a lighthouse keeper and the sea.');
    unsubscribe();
    const answer = lastMessage(chat.getSnapshot());
    expect(scheduled).toBeGreaterThan(0);
    expect(answer?.content.length).toBeGreaterThan(100);
    // Every token arrived, but listeners heard only: user message, submitted, idle with the full answer.
    expect(snapshots.length).toBeLessThanOrEqual(4);
    expect(lastMessage(snapshots[snapshots.length - 1] as ChatSnapshot)?.content).toBe(answer?.content);
  });
});

describe('sending while busy, stop, regenerate, edit', () => {
  it('refuses a send while a request is in flight and changes nothing', async () => {
    mock.configure({ tokensPerSecond: 200 });
    const chat = session();
    const first = chat.send('one');
    expect(await chat.send('two')).toBe(false);
    expect(chat.getSnapshot().messages.map((m) => m.content)).toEqual(['one']);
    await first;
    expect(
      chat
        .getSnapshot()
        .messages.filter((m) => m.role === 'user')
        .map((m) => m.content),
    ).toEqual(['one']);
  });

  it('stop() keeps the partial answer, marks it aborted and aborts the HTTP request', async () => {
    mock.configure({ tokensPerSecond: 40 });
    const signals: AbortSignal[] = [];
    const chat = session({}, undefined, {
      fetch: (input, init) => {
        if (init?.signal) signals.push(init.signal);
        return fetch(input, init);
      },
    });
    const finished: string[] = [];
    chat.setOptions({ onFinish: (message) => finished.push(message.finishReason ?? 'null') });
    const sent = chat.send('Tell me a long story about the sea.');
    await until(
      chat,
      (s) => lastMessage(s)?.role === 'assistant' && (lastMessage(s)?.content.length ?? 0) > 0,
    );
    chat.stop();
    const after = chat.getSnapshot();
    expect(after.status).toBe('idle');
    const partial = lastMessage(after);
    expect(partial?.finishReason).toBe('aborted');
    expect(partial?.content.length).toBeGreaterThan(0);
    expect(signals.some((s) => s.aborted)).toBe(true);
    expect(await sent).toBe(true);
    // Nothing written after the stop.
    expect(lastMessage(chat.getSnapshot())).toBe(partial);
    expect(finished).toEqual(['aborted']);
  });

  it('regenerate() replaces the last answer; while streaming it cancels the request first', async () => {
    const chat = session();
    await chat.send('Name a colour.');
    const firstAnswer = lastMessage(chat.getSnapshot());
    await chat.regenerate();
    const { messages } = chat.getSnapshot();
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(messages[1]?.id).not.toBe(firstAnswer?.id);
    expect(messages[1]?.finishReason).toBe('stop');

    mock.configure({ tokensPerSecond: 40 });
    const pending = chat.regenerate(messages[1]?.id);
    await until(chat, (s) => s.status === 'streaming');
    mock.configure({ tokensPerSecond: 0 });
    await chat.regenerate();
    expect(await pending).toBe(true);
    const after = chat.getSnapshot();
    expect(after.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(after.messages[1]?.finishReason).toBe('stop');
    expect(await chat.regenerate('no-such-id')).toBe(false);
  });

  it('edit() replaces a user message, drops what followed and resends', async () => {
    const chat = session();
    await chat.send('Tell me about cats.');
    await chat.send('And their history?');
    const firstUser = chat.getSnapshot().messages[0];
    await chat.edit(firstUser?.id as string, 'Tell me about penguins.');
    const { messages } = chat.getSnapshot();
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(messages[0]).toMatchObject({ id: firstUser?.id, content: 'Tell me about penguins.' });
    expect(messages[1]?.content.toLowerCase()).toContain('penguin');
    expect(await chat.edit(messages[1]?.id as string, 'not a user message')).toBe(false);
  });
});

describe('errors and retries', () => {
  it('401: a typed AuthenticationError, no assistant message, status error; clearError recovers', async () => {
    const errors: unknown[] = [];
    const chat = session({ onError: (e) => errors.push(e) }, 'sk-wrong');
    await chat.send('hi');
    const s = chat.getSnapshot();
    expect(s.status).toBe('error');
    expect(s.error).toBeInstanceOf(AuthenticationError);
    expect(s.error?.status).toBe(401);
    expect(errors).toEqual([s.error]);
    expect(s.messages.map((m) => m.role)).toEqual(['user']);
    chat.clearError();
    expect(chat.getSnapshot()).toMatchObject({ status: 'idle', error: null });
  });

  it('403: TierForbiddenError for a model above the key tier', async () => {
    const chat = session({ model: 'opus-4.5' }, 'sk-test-standard');
    await chat.send('hi');
    const { error } = chat.getSnapshot();
    expect(error).toBeInstanceOf(TierForbiddenError);
    expect(error?.type).toBe('tier_forbidden');
    expect(error?.message).toContain('SuperMaxes');
  });

  it('429: waits (status waiting, retry {attempt, at}), then streams; rate limit is live', async () => {
    mock.inject('rate_limit', { times: 1 });
    const retries: RetryEvent[] = [];
    const chat = session({ onRetry: (e) => retries.push(e) });
    const { snapshots, unsubscribe } = record(chat);
    const before = Date.now();
    await chat.send('hi');
    unsubscribe();
    expect(retries).toHaveLength(1);
    expect(retries[0]?.error).toBeInstanceOf(RateLimitError);
    const waiting = snapshots.find((s) => s.status === 'waiting');
    expect(waiting?.retry?.attempt).toBe(1);
    expect(waiting?.retry?.at).toBeGreaterThanOrEqual(before + (retries[0]?.delayMs ?? 0));
    const s = chat.getSnapshot();
    expect(s).toMatchObject({ status: 'idle', retry: null, error: null });
    expect(lastMessage(s)?.finishReason).toBe('stop');
    expect(s.rateLimit?.limit).toBe(300);
    expect(s.rateLimit?.remaining).toBeLessThan(300);
  });

  it('500 once: retried; 500 every time: ServerError after the retries', async () => {
    mock.inject('server_error', { times: 1 });
    const chat = session();
    await chat.send('hi');
    expect(chat.getSnapshot().status).toBe('idle');

    mock.inject('server_error', { times: Number.POSITIVE_INFINITY });
    const retries: RetryEvent[] = [];
    chat.setOptions({ onRetry: (e) => retries.push(e) });
    await chat.send('again');
    const s = chat.getSnapshot();
    expect(s.status).toBe('error');
    expect(s.error).toBeInstanceOf(ServerError);
    expect(retries.map((r) => r.attempt)).toEqual([1, 2]);
  });

  it.each(['drop_mid_stream', 'error_event'] as const)(
    'an interrupted stream (%s) keeps its partial text and reports StreamInterruptedError',
    async (fault) => {
      // Paced, so chunks reach the client before the connection drops (else the client just retries).
      mock.configure({ tokensPerSecond: 400 });
      mock.inject(fault);
      const chat = session();
      await chat.send('Tell me a long story about the sea.');
      const s = chat.getSnapshot();
      expect(s.status).toBe('error');
      expect(s.error).toBeInstanceOf(StreamInterruptedError);
      const partial = lastMessage(s);
      expect(partial?.role).toBe('assistant');
      expect(partial?.content.length).toBeGreaterThan(0);
      expect(partial?.finishReason).toBeNull();
      // The next send works and keeps the partial answer in the history.
      mock.configure({ tokensPerSecond: 0 });
      await chat.send('Go on.');
      expect(chat.getSnapshot().messages.map((m) => m.role)).toEqual([
        'user',
        'assistant',
        'user',
        'assistant',
      ]);
    },
  );
});

describe('subscriptions', () => {
  it('the last unsubscribe aborts the request in flight (after the current task), keeping the partial', async () => {
    mock.configure({ tokensPerSecond: 40 });
    const signals: AbortSignal[] = [];
    const chat = createChatSession(
      client(undefined, {
        fetch: (input, init) => {
          if (init?.signal) signals.push(init.signal);
          return fetch(input, init);
        },
      }),
      { model: 'haiku-4.5', throttle: false },
    );
    const a = chat.subscribe(() => {});
    const b = chat.subscribe(() => {});
    const sent = chat.send('Tell me a long story about the sea.');
    await until(chat, (s) => s.status === 'streaming');
    a();
    // Unsubscribe and resubscribe in one task (StrictMode, a moved component) keeps the request.
    b();
    const c = chat.subscribe(() => {});
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(signals.some((s) => s.aborted)).toBe(false);
    expect(chat.getSnapshot().status).toBe('streaming');
    c();
    expect(await sent).toBe(true);
    expect(signals.some((s) => s.aborted)).toBe(true);
    expect(chat.getSnapshot().status).toBe('idle');
    expect(lastMessage(chat.getSnapshot())?.finishReason).toBe('aborted');
  });
});

describe('reset, setMessages, initialMessages', () => {
  it('starts from initialMessages with deterministic ids and continues from them', async () => {
    const chat = session({
      id: 'chat-1',
      initialMessages: [
        { role: 'user', content: 'Remember the word: lighthouse.' },
        { role: 'assistant', content: 'Noted.' },
      ],
    });
    expect(chat.getSnapshot().messages.map((m) => m.id)).toEqual(['chat-1-0', 'chat-1-1']);
    expect(chat.getInitialSnapshot()).toBe(chat.getSnapshot());
    await chat.send('What was the word?');
    expect(chat.getSnapshot().messages).toHaveLength(4);
    chat.setMessages((messages) => messages.slice(0, 2));
    expect(chat.getSnapshot().messages.map((m) => m.content)).toEqual([
      'Remember the word: lighthouse.',
      'Noted.',
    ]);
    chat.reset();
    expect(chat.getSnapshot()).toMatchObject({ messages: [], status: 'idle', error: null });
    expect(chat.getSnapshot().usage.total.total_tokens).toBe(0);
  });
});
