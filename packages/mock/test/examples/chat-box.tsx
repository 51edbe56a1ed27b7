// The small chat component the README's testing guide tests: a message box, Send and Stop, the answer
// as it streams, the reasoning, tool calls, an error with its Retry, and the requests left.
import { type ChatTool, useStreamingChat } from '@using-ai/react';
import { useState } from 'react';

const tools = {
  get_weather: {
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    execute: async ({ city }: { city: string }) => ({ city, temperature: 21, conditions: 'sunny' }),
  },
} satisfies Record<string, ChatTool>;

export function ChatBox({ model = 'haiku-4.5-agentic' }: { model?: string }) {
  const { messages, send, stop, status, error, rateLimit, clearError } = useStreamingChat({
    model,
    tools,
  });
  const [draft, setDraft] = useState('');
  const busy = status === 'submitted' || status === 'streaming' || status === 'waiting';
  return (
    <section>
      <ul aria-label="Conversation">
        {messages.map((m) => (
          <li key={m.id} data-role={m.role}>
            {m.reasoning && <details>{m.reasoning}</details>}
            {m.content}
            {m.toolCalls.map((call) => (
              <code key={call.id}>
                {call.function.name}: {call.state}
              </code>
            ))}
          </li>
        ))}
      </ul>
      {error && (
        <p role="alert">
          {error.message}{' '}
          <button type="button" onClick={clearError}>
            Dismiss
          </button>
        </p>
      )}
      {rateLimit && <output aria-label="Requests left">{rateLimit.remaining}</output>}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void send(draft);
          setDraft('');
        }}
      >
        <label>
          Message <input value={draft} onChange={(e) => setDraft(e.target.value)} />
        </label>
        <button type="submit" disabled={busy}>
          Send
        </button>
        <button type="button" onClick={stop} disabled={!busy}>
          Stop
        </button>
      </form>
    </section>
  );
}
