// A browser app's use of core and the React hooks; checked by published-types.test.ts against the built .d.ts.
import { createClient, parseRateLimit } from '@using-ai/core';
import { UsingAiProvider, useStreamingChat } from '@using-ai/react';
import { useChatCompletion } from '@using-ai/react/query';

const headers: HeadersInit = { authorization: 'Bearer app-token' };
export const client = createClient({ headers: () => headers });
export const rateLimit = parseRateLimit(new Headers(headers));

export function Chat() {
  const { messages, send } = useStreamingChat({ model: 'haiku-4.5', client });
  const summary = useChatCompletion(null);
  return (
    <UsingAiProvider client={client}>
      {messages.map((m) => (
        <p key={m.id}>{m.content}</p>
      ))}
      <p>{summary.data?.content}</p>
      <button type="button" onClick={() => send('Hello', { headers })}>
        Send
      </button>
    </UsingAiProvider>
  );
}
