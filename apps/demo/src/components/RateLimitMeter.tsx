import type { RateLimitInfo, Tier } from '@using-ai/core';
import { useState, useSyncExternalStore } from 'react';
import { client } from '../client';
import { formatIn, secondsUntil } from '../lib/format';
import { useNow } from '../lib/use-now';

const subscribe = (onChange: () => void) => client.subscribeRateLimit(onChange);
const snapshot = (): RateLimitInfo | null => client.rateLimit;

/**
 * Remaining/Limit from the latest X-RateLimit-* headers any request saw, and the reset countdown.
 * `tier` is the proxy key's tier when known: the window is per key, so after a switch the numbers of
 * the old key are hidden until a request with the new one reports its own.
 */
export function RateLimitMeter({ tier = null }: { tier?: Tier | null }) {
  const latest = useSyncExternalStore(subscribe, snapshot, () => null);
  // What the headers said when the tier last changed (first load, from unknown, is not a change).
  const [since, setSince] = useState({ tier, stale: null as RateLimitInfo | null });
  if (since.tier !== tier) setSince({ tier, stale: since.tier === null ? since.stale : latest });
  const info = latest !== null && latest !== since.stale ? latest : null;
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
          ? `Remaining ${info.remaining}/${info.limit} · ${left > 0 ? `resets ${formatIn(left)}` : 'window reset'}`
          : since.stale
            ? 'No requests with this key yet'
            : 'No requests yet'}
      </div>
    </section>
  );
}
