import { secondsUntil, waitSentence } from '../lib/format';
import { useNow } from '../lib/use-now';

interface WaitBannerProps {
  /** Attempt about to be made; 0 for a wait for the rate-limit window (nothing failed yet). */
  attempt: number;
  /** When the wait ends, epoch ms. */
  at: number;
  /** Why: `rate-limit` (429 or a known-empty window) or `retry` (a 5xx or a dropped connection). */
  reason: 'rate-limit' | 'retry';
  onCancel: () => void;
}

/** Shown while the client waits before trying again, with a live countdown. */
export function WaitBanner({ attempt, at, reason, onCancel }: WaitBannerProps) {
  const now = useNow(true, 200);
  const left = secondsUntil(at, now);
  return (
    <div className={`banner wait ${reason}`} role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <div className="banner-text">
        <strong>{reason === 'rate-limit' ? 'Rate limited' : 'Retrying'}</strong>
        <span>{waitSentence(reason, attempt, left)}</span>
      </div>
      <button type="button" className="btn ghost" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
