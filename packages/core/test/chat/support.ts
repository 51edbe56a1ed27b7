// The setup the agent-loop suites share: one emulator per file, a session factory whose client records
// every request body, and subscriptions that are undone after each test.
import { type ChatSession, type ChatSessionOptions, createChatSession, createClient } from '@using-ai/core';
import { type MockServer, startMockServer } from '@using-ai/mock';
import { afterAll, afterEach, beforeAll } from 'vitest';

export interface SentMessage {
  role: string;
  content: unknown;
  tool_call_id?: string;
  tool_calls?: Array<{ id: string }>;
}

export interface ChatSuite {
  mock(): MockServer;
  /** The body of every request sent, in order; emptied after each test. */
  requests: Array<{ messages: SentMessage[] }>;
  /** Unsubscribed after each test. */
  subscriptions: Array<() => void>;
  /** A subscribed session on the agentic model, unthrottled, with the supermaxes key. */
  session(options: ChatSessionOptions): ChatSession;
}

export function setupChatSuite(): ChatSuite {
  let mock: MockServer | undefined;
  const requests: ChatSuite['requests'] = [];
  const subscriptions: ChatSuite['subscriptions'] = [];
  beforeAll(async () => {
    mock = await startMockServer();
  });
  afterAll(() => mock?.close());
  afterEach(() => {
    mock?.reset();
    requests.length = 0;
    for (const unsubscribe of subscriptions.splice(0)) unsubscribe();
  });
  const suite: ChatSuite = {
    mock: () => {
      if (!mock) throw new Error('the emulator has not started');
      return mock;
    },
    requests,
    subscriptions,
    session(options) {
      const client = createClient({
        baseURL: suite.mock().baseURL,
        headers: { Authorization: 'Bearer sk-test-supermaxes' },
        retryDelay: { baseMs: 1, maxMs: 5 },
        fetch: (input, init) => {
          requests.push(JSON.parse(String(init?.body)));
          return fetch(input, init);
        },
      });
      const chat = createChatSession(client, { model: 'haiku-4.5-agentic', throttle: false, ...options });
      subscriptions.push(chat.subscribe(() => {}));
      return chat;
    },
  };
  return suite;
}
