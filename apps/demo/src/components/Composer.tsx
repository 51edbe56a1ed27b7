import type { FormEvent, KeyboardEvent, RefObject } from 'react';

interface ComposerProps {
  /** The draft, owned by the parent so suggestions can fill it. */
  text: string;
  onTextChange: (text: string) => void;
  busy: boolean;
  /** While busy, Send queues the message (the chat's `whileBusy: 'queue'`) instead of being disabled. */
  canQueue?: boolean;
  disabled?: boolean;
  onSend: (text: string) => void;
  onStop: () => void;
  textareaRef?: RefObject<HTMLTextAreaElement | null>;
}

/** Enter sends, Shift+Enter adds a line, Escape stops a running answer. */
export function Composer(props: ComposerProps) {
  const { text, onTextChange, busy, canQueue = false, disabled = false, onSend, onStop, textareaRef } = props;
  const blocked = busy && !canQueue;
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const value = text.trim();
    if (!value || blocked || disabled) return;
    onSend(value);
    onTextChange('');
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
        ref={textareaRef}
        aria-label="Message"
        placeholder="Ask anything — try “weather in Paris” with an agentic model"
        rows={1}
        value={text}
        onChange={(e) => onTextChange(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="composer-actions">
        {busy && (
          <button type="button" className="btn stop" onClick={onStop}>
            Stop
          </button>
        )}
        <button type="submit" className="btn primary" disabled={blocked || disabled || text.trim() === ''}>
          {busy && canQueue ? 'Queue' : 'Send'}
        </button>
      </div>
    </form>
  );
}
