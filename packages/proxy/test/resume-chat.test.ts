// A chat session reattaching to its durable stream, through the proxy against the emulator over real HTTP:
// the page that sent the message goes away mid-answer (its connection dies, no DELETE), a new session is
// created from the saved messages (a reload, a second tab) and shows the rest of the same answer.
import { type ChatSessionMessage, type ChatSnapshot, createChatSession, createClient } from '@using-ai/core';
import { memoryPersistence } from '@using-ai/core/persistence';
import { type MockServer, startMockServer } from '@using-ai/mock';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { type Served, serveProxy } from './support/serve';

let mock: MockServer;
let served: Served;
let baseURL: string;
beforeAll(async () => {
  mock = await startMockServer({ tokensPerSecond: 150 });
  served = await serveProxy({ apiKey: 'sk-test-supermaxes', upstream: mock.url });
  baseURL = `${served.origin}/api/using-ai`;
});
afterAll(async () => {
  await served.close();
  await mock.close();
});

/** A fetch whose response bodies all break at once when `kill()` is called: the page is gone. */
function killableFetch() {
  const controllers = new Set<AbortController>();
  const wrapped: typeof fetch = async (input, init) => {
    const controller = new AbortController();
    controllers.add(controller);
    init?.signal?.addEventListener('abort', () => controller.abort(init.signal?.reason));
    return fetch(input, { ...init, signal: controller.signal });
  };
  const kill = () => {
    for (const controller of controllers) controller.abort(new TypeError('page closed'));
  };
  return { fetch: wrapped, kill };
}

function until(session: ReturnType<typeof createChatSession>, test: (s: ChatSnapshot) => boolean) {
  return new Promise<ChatSnapshot>((resolve) => {
    const check = () => {
      const snapshot = session.getSnapshot();
      if (test(snapshot)) {
        unsubscribe();
        resolve(snapshot);
      }
    };
    const unsubscribe = session.subscribe(check);
    check();
  });
}

describe('a chat session reattaches to its durable stream', () => {
  it('a reload in the middle of an answer keeps streaming it, with one upstream request', async () => {
    const before = mock.requests().length;
    const page = killableFetch();
    const first = createChatSession(createClient({ baseURL, fetch: page.fetch, maxRetries: 0 }), {
      model: 'haiku-4.5',
      max_tokens: 120,
      throttle: false,
    });
    const keep = first.subscribe(() => {});
    void first.send('Tell me a long story about a lighthouse.');
    const midway = await until(first, (s) => {
      const last = s.messages.at(-1);
      return last?.role === 'assistant' && !!last.streamId && last.content.length > 20;
    });
    // What an app persisted at that moment; then the page dies (no Stop, no DELETE).
    const saved: ChatSessionMessage[] = structuredClone(midway.messages);
    const partial = saved.at(-1) as ChatSessionMessage;
    expect(partial.streamId).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(partial.finishReason).toBeNull();
    page.kill();
    keep();

    const reloaded = createChatSession(createClient({ baseURL }), {
      model: 'haiku-4.5',
      initialMessages: saved,
      throttle: false,
    });
    const statuses = new Set<string>();
    const unsubscribe = reloaded.subscribe(() => statuses.add(reloaded.getSnapshot().status));
    const done = await until(reloaded, (s) => s.status === 'idle' && !!s.messages.at(-1)?.finishReason);
    unsubscribe();
    expect(statuses).toContain('streaming');
    const answer = done.messages.at(-1) as ChatSessionMessage;
    expect(done.messages).toHaveLength(saved.length);
    expect(answer.id).toBe(partial.id);
    expect(answer.finishReason).toBe('stop');
    // The rest of the same answer, no text twice: exactly what the stream holds.
    expect(answer.content.startsWith(partial.content)).toBe(true);
    const whole = await createClient({ baseURL })
      .resumeStream(partial.streamId as string)
      .final();
    expect(answer.content).toBe(whole.content);
    expect(
      mock
        .requests()
        .slice(before)
        .filter((r) => r.method === 'POST'),
    ).toHaveLength(1);
  });

  it('with persistence: a chat saved mid-answer and loaded again reattaches once the load ends', async () => {
    // Slow enough that a save (at most one a second while streaming) lands before the end.
    mock.configure({ tokensPerSecond: 30 });
    onTestFinished(() => {
      mock.configure({ tokensPerSecond: 150 });
    });
    const persistence = memoryPersistence();
    const page = killableFetch();
    const options = {
      id: 'chat-resume',
      model: 'haiku-4.5',
      max_tokens: 120,
      throttle: false as const,
      persistence,
    };
    const first = createChatSession(createClient({ baseURL, fetch: page.fetch, maxRetries: 0 }), options);
    const keep = first.subscribe(() => {});
    await until(first, (s) => s.status === 'idle');
    void first.send('Tell me a long story about a harbour.');
    // Saved at most once a second while streaming: wait for a save that has the stream's id and some text.
    const saved = await new Promise<ChatSessionMessage>((resolve) => {
      const poll = setInterval(async () => {
        const last = (await persistence.load('chat-resume'))?.messages.at(-1);
        if (last?.role === 'assistant' && last.streamId && last.content.length > 10 && !last.finishReason) {
          clearInterval(poll);
          resolve(last);
        }
      }, 20);
    });
    page.kill();
    keep();
    const reloaded = createChatSession(createClient({ baseURL }), options);
    const done = await until(reloaded, (s) => s.status === 'idle' && !!s.messages.at(-1)?.finishReason);
    const answer = done.messages.at(-1) as ChatSessionMessage;
    expect(answer.id).toBe(saved.id);
    expect(answer.incomplete).toBeUndefined();
    expect(answer.content.startsWith(saved.content)).toBe(true);
    const whole = await createClient({ baseURL })
      .resumeStream(saved.streamId as string)
      .final();
    expect(answer.content).toBe(whole.content);
  });

  it('the agent loop goes on after a reattach: the tool runs and the answer continues', async () => {
    mock.configure({ tokensPerSecond: 4 });
    onTestFinished(() => {
      mock.configure({ tokensPerSecond: 150 });
    });
    const before = mock.requests().length;
    const tools = {
      get_weather: {
        description: 'Get the current weather for a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        execute: ({ city }: Record<string, unknown>) => ({ city, temperature: 21, conditions: 'sunny' }),
      },
    };
    const page = killableFetch();
    const options = { model: 'haiku-4.5-agentic', throttle: false as const, tools };
    const first = createChatSession(createClient({ baseURL, fetch: page.fetch, maxRetries: 0 }), options);
    const keep = first.subscribe(() => {});
    void first.send('What is the weather in Paris?');
    // Killed as soon as the answer started (its id is known), long before the tool call is complete.
    const midway = await until(first, (s) => !!s.messages.at(-1)?.streamId);
    const saved: ChatSessionMessage[] = structuredClone(midway.messages);
    page.kill();
    keep();
    mock.configure({ tokensPerSecond: 150 });
    const reloaded = createChatSession(createClient({ baseURL }), { ...options, initialMessages: saved });
    const done = await until(
      reloaded,
      (s) =>
        s.status === 'idle' && s.messages.at(-1)?.finishReason === 'stop' && s.messages.length > saved.length,
    );
    const call = done.messages.find((m) => m.toolCalls.length)?.toolCalls[0];
    expect(call?.function.name).toBe('get_weather');
    expect(call?.state).toBe('done');
    expect(done.messages.at(-1)?.content.length).toBeGreaterThan(0);
    // The first request (reattached, not re-sent) and the one carrying the tool result.
    expect(
      mock
        .requests()
        .slice(before)
        .filter((r) => r.method === 'POST'),
    ).toHaveLength(2);
  });

  it('an expired stream leaves the saved part, marked incomplete, and the chat usable', async () => {
    const session = createChatSession(createClient({ baseURL }), {
      model: 'haiku-4.5',
      throttle: false,
      initialMessages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hel', finishReason: null, streamId: 'AAAAAAAAAAAAAAAAAAAAAAAA' },
      ],
    });
    const settled = await until(session, (s) => s.status === 'idle' && !!s.messages.at(-1)?.incomplete);
    expect(settled.messages.at(-1)?.content).toBe('Hel');
    expect(settled.error).toBeNull();
  });
});
