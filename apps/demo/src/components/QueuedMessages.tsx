import './chat-history.css';
import type { QueuedMessage } from '@using-ai/react';

interface QueuedMessagesProps {
  queued: readonly QueuedMessage[];
  onClear: () => void;
}

/** Messages typed while an answer streams: they go out in order, each after the answer before it. */
export function QueuedMessages({ queued, onClear }: QueuedMessagesProps) {
  if (!queued.length) return null;
  return (
    <section className="queued" aria-label="Queued messages">
      <ul>
        {queued.map((m) => (
          <li key={m.id} className="msg user queued-message">
            <span className="muted">Queued · </span>
            {m.content}
          </li>
        ))}
      </ul>
      <button type="button" className="btn ghost small" onClick={onClear}>
        Clear queue
      </button>
    </section>
  );
}
