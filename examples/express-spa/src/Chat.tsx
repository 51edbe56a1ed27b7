// The whole chat: one hook. The client talks to /api/using-ai on this origin (the Express server's proxy).
import { useStreamingChat } from '@using-ai/react';

export function Chat() {
  const { messages, status, error, send, stop } = useStreamingChat({ model: 'haiku-4.5' });
  const idle = status === 'idle' || status === 'error';
  return (
    <main>
      <h1>using.ai + Express + React</h1>
      <ul aria-label="Messages">
        {messages.map((m) => (
          <li key={m.id} data-role={m.role}>
            <b>{m.role}:</b> {m.content}
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
          <button key="send" type="submit">
            Send
          </button>
        ) : (
          <button key="stop" type="button" onClick={stop}>
            Stop
          </button>
        )}
      </form>
    </main>
  );
}
