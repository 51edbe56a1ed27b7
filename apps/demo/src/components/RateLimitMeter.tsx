import type { RateLimitInfo } from '@using-ai/core';
import { useSyncExternalStore } from 'react';
import { client } from '../client';
import { formatCountdown, secondsUntil } from '../lib/format';
import { useNow } from '../lib/use-now';

const subscribe = (onChange: () => void) => client.subscribeRateLimit(onChange);
const snapshot = (): RateLimitInfo | null => client.rateLimit;

/** Remaining/Limit from the latest X-RateLimit-* headers any request saw, and the reset countdown. */
export function RateLimitMeter() {
  const info = useSyncExternalStore(subscribe, snapshot, () => null);
  const now = useNow(info !== null, 1000);
  const left = info ? secondsUntil(info.resetAt, now) : 0;
  const ratio = info && info.limit > 0 ? info.remaining / info.limit : 1;
  const level = ratio <= 0.1 ? 'low' : ratio <= 0.3 ? 'mid' : 'ok';
  return (
    <section className={`rate-meter ${level}`} aria-label="Rate limit">
      <div className="rate-row">
        <span className="rate-label">Requests</span>
        <span className="rate-value">
          {info ? (
            <>
              <span data-testid="rate-remaining">{info.remaining}</span>
              {' / '}
              <span data-testid="rate-limit">{info.limit}</span>
            </>
          ) : (
            '—'
          )}
        </span>
      </div>
      <meter
        className="sr-only"
        aria-label="Remaining requests"
        min={0}
        max={info?.limit ?? 1}
        value={info?.remaining ?? 0}
      />
      <div className="rate-bar" aria-hidden="true">
        <span style={{ width: `${Math.round(ratio * 100)}%` }} />
      </div>
      <div className="rate-reset">
        {info
          ? `Remaining ${info.remaining}/${info.limit} · resets in ${formatCountdown(left)}`
          : 'No requests yet'}
      </div>
    </section>
  );
}
