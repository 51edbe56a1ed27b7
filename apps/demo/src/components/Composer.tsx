import { type FormEvent, type KeyboardEvent, useRef, useState } from 'react';

interface ComposerProps {
  busy: boolean;
  disabled?: boolean;
  onSend: (text: string) => void;
  onStop: () => void;
}

/** Enter sends, Shift+Enter adds a line, Escape stops a running answer. */
export function Composer({ busy, disabled = false, onSend, onStop }: ComposerProps) {
  const [text, setText] = useState('');
  const ref = useRef<HTMLTextAreaElement>(null);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const value = text.trim();
    if (!value || busy || disabled) return;
    onSend(value);
    setText('');
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    } else if (event.key === 'Escape' && busy) {
      event.preventDefault();
      onStop();
    }
  };

  return (
    <form className="composer" onSubmit={submit}>
      <textarea
        ref={ref}
        aria-label="Message"
        placeholder="Ask anything — try “weather in Paris” with an agentic model"
        rows={1}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="composer-actions">
        {busy && (
          <button type="button" className="btn stop" onClick={onStop}>
            Stop
          </button>
        )}
        <button type="submit" className="btn primary" disabled={busy || disabled || text.trim() === ''}>
          Send
        </button>
      </div>
    </form>
  );
}
