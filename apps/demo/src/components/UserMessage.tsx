import { type FormEvent, useState } from 'react';
import type { StoredMessage } from '../lib/message-view';

interface UserMessageProps {
  message: StoredMessage;
  canEdit: boolean;
  onEdit: (id: string, content: string) => void;
}

export function UserMessage({ message, canEdit, onEdit }: UserMessageProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.content);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    setEditing(false);
    onEdit(message.id, text);
  };

  if (editing) {
    return (
      <form className="msg user editing" onSubmit={submit} aria-label="Edit message">
        <textarea
          aria-label="Edit message"
          value={draft}
          rows={Math.min(8, Math.max(2, draft.split('\n').length))}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) submit(e);
            if (e.key === 'Escape') setEditing(false);
          }}
          // biome-ignore lint/a11y/noAutofocus: the user just asked to edit this message.
          autoFocus
        />
        <div className="edit-actions">
          <button type="button" className="btn ghost" onClick={() => setEditing(false)}>
            Cancel
          </button>
          <button type="submit" className="btn primary">
            Save and send
          </button>
        </div>
      </form>
    );
  }

  return (
    <article className="msg user" aria-label="Your message" data-role="user">
      <div className="bubble">{message.content}</div>
      {canEdit && (
        <button
          type="button"
          className="icon-btn edit-btn"
          aria-label="Edit"
          title="Edit and resend"
          onClick={() => {
            setDraft(message.content);
            setEditing(true);
          }}
        >
          ✎
        </button>
      )}
    </article>
  );
}
