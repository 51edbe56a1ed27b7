import { useId, useState } from 'react';

interface ReasoningPanelProps {
  text: string;
  /** True while reasoning tokens are still arriving and no answer text has started. */
  thinking: boolean;
}

/** Thinking models stream their reasoning first; it is tucked away by default so the answer stays readable. */
export function ReasoningPanel({ text, thinking }: ReasoningPanelProps) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const words = text.trim() ? text.trim().split(/\s+/).length : 0;
  return (
    <div className={`reasoning${open ? ' open' : ''}`}>
      <button
        type="button"
        className="reasoning-toggle"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="chevron" aria-hidden="true" />
        Reasoning
      </button>
      <span className="reasoning-meta" aria-live="polite">
        {thinking ? <span className="thinking">Thinking…</span> : `${words} words`}
      </span>
      {open && (
        <section id={panelId} className="reasoning-body" aria-label="Reasoning">
          {text}
        </section>
      )}
    </div>
  );
}
