// The root README's quick start, as printed there (keep in sync). Used by the jsdom README test and, bundled,
// by the Chromium test, where clicks are real user clicks.
import { useStreamingChat } from '../../src';

export function RootQuickStart() {
  const { messages, status, send, stop } = useStreamingChat({ model: 'haiku-4.5-agentic' });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        send(new FormData(e.currentTarget).get('q') as string);
      }}
    >
      {messages.map((m) => (
        <p key={m.id}>
          <b>{m.role}:</b> {m.content}
        </p>
      ))}
      <input name="q" aria-label="Message" />
      {/* Two keyed buttons: React must not turn the clicked Stop into a submit button mid-click. */}
      {status === 'idle' || status === 'error' ? (
        // biome-ignore lint/a11y/useButtonType: as printed; a button in a form submits it
        <button key="send">Send</button>
      ) : (
        <button key="stop" type="button" onClick={stop}>
          Stop
        </button>
      )}
    </form>
  );
}
