'use client';
// A streaming chat in one hook. The client talks to /api/using-ai on this origin: the route handler.
import { useStreamingChat } from '@using-ai/react';
import { useHydrated } from './use-hydrated';

export function Chat() {
  const { messages, status, error, send, stop } = useStreamingChat({ model: 'haiku-4.5' });
  const idle = status === 'idle' || status === 'error';
  const hydrated = useHydrated();
  return (
    <>
      <ul aria-label="Messages">
        {messages.map((m) => (
          <li key={m.id} data-role={m.role}>
            {m.content}
          </li>
        ))}
      </ul>
      {error && <p role="alert">{error.message}</p>}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const form = event.currentTarget;
          const text = String(new FormData(form).get('message') ?? '').trim();
          if (text) void send(text);
          form.reset();
        }}
      >
        <input name="message" aria-label="Message" autoComplete="off" />
        {/* Two keyed buttons: React must not turn the clicked Stop into a submit button mid-click. */}
        {idle ? (
          <button key="send" type="submit" disabled={!hydrated}>
            Send
          </button>
        ) : (
          <button key="stop" type="button" onClick={stop}>
            Stop
          </button>
        )}
      </form>
    </>
  );
}
