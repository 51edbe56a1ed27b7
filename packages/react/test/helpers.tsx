// Shared by the React tests: a real emulator on 127.0.0.1 and real core clients that log their requests.
import { type ClientOptions, createClient, type UsingAiClient } from '@using-ai/core';
import { type MockServer, startMockServer } from '@using-ai/mock';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { ChatTool, UseStreamingChatOptions, UseStreamingChatResult } from '../src';
import { useStreamingChat } from '../src';

export interface Logged {
  body: { model?: string; messages?: Array<{ role: string; content: unknown }>; stream?: boolean };
  signal: AbortSignal | null;
}

/** Starts one emulator for the test file; returns a getter (the server exists only after beforeAll). */
export function setupMockServer(): () => MockServer {
  let mock: MockServer | undefined;
  beforeAll(async () => {
    mock = await startMockServer({ rateLimit: { windowMs: 1000 } });
  });
  afterEach(() => mock?.reset());
  afterAll(() => mock?.close());
  return () => {
    if (!mock) throw new Error('mock not started');
    return mock;
  };
}

/** A real client for the emulator whose fetch records each request body and signal. */
export function loggingClient(
  mock: MockServer,
  key = 'sk-test-supermaxes',
  options: ClientOptions = {},
): { client: UsingAiClient; requests: Logged[] } {
  const requests: Logged[] = [];
  const client = createClient({
    baseURL: mock.baseURL,
    headers: { Authorization: `Bearer ${key}` },
    retryDelay: { baseMs: 1, maxMs: 5 },
    fetch: (input, init) => {
      requests.push({ body: init?.body ? JSON.parse(String(init.body)) : {}, signal: init?.signal ?? null });
      return fetch(input, init);
    },
    ...options,
  });
  return { client, requests };
}

export interface ChatHandle {
  current: UseStreamingChatResult | null;
}

/** A minimal chat UI that also hands its hook result to the test. */
export function Chat({ handle, ...options }: UseStreamingChatOptions & { handle?: ChatHandle }) {
  const chat = useStreamingChat(options);
  if (handle) handle.current = chat;
  return (
    <div>
      <p data-testid="status">{chat.status}</p>
      <ul>
        {chat.messages.map((m) => (
          <li key={m.id} data-testid={`message-${m.role}`} data-finish={m.finishReason ?? ''}>
            {m.content}
          </li>
        ))}
      </ul>
      {chat.error ? <p role="alert">{`${chat.error.name}: ${chat.error.message}`}</p> : null}
      {chat.retry ? <p data-testid="retry">{`Retry ${chat.retry.attempt} at ${chat.retry.at}`}</p> : null}
    </div>
  );
}

export function handle(): ChatHandle {
  return { current: null };
}

/** The hook result, or a clear failure if the component has not rendered. */
export function chatOf(h: ChatHandle): UseStreamingChatResult {
  if (!h.current) throw new Error('Chat has not rendered');
  return h.current;
}

/** `get_weather`, which the emulator's agentic models call for weather questions; `execute` is the test's. */
export function weatherTool(execute?: ChatTool['execute']): Record<string, ChatTool> {
  return {
    get_weather: {
      description: 'Get the current weather for a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } } },
      ...(execute && { execute }),
    },
  };
}
