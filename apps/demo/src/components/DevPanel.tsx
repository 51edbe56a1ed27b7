import type { Tier } from '@using-ai/core';
import {
  type DemoFault,
  type DemoSpeed,
  type DemoState,
  injectFault,
  resetEmulator,
  setKeyBroken,
  setSpeed,
  setTier,
} from '../lib/demo-api';
import { TIERS, tierLabel } from '../lib/tiers';
import { useDemoControls } from '../lib/use-demo-controls';
import { DropBrowserButton } from './DropBrowserButton';
import { UpstreamStatus } from './UpstreamStatus';

const FAULTS: { fault: DemoFault; label: string }[] = [
  { fault: 'rate_limit', label: 'Inject 429' },
  { fault: 'server_error', label: 'Inject 500' },
  { fault: 'drop_mid_stream', label: 'Drop mid-stream' },
  { fault: 'stall', label: 'Stall' },
  { fault: 'schema_mismatch', label: 'Break the JSON schema' },
];

const SPEEDS: DemoSpeed[] = ['slow', 'normal', 'fast', 'instant'];

/** Emulator-only controls. Everything goes through /__demo/* on the dev server; the page never sees a key. */
export function DevPanel({ state: server, onClose }: { state: DemoState; onClose: () => void }) {
  const { state, apply, error } = useDemoControls(server);

  return (
    <aside className="dev-panel" aria-label="Developer panel">
      <header>
        <h2>Developer panel</h2>
        <span className="pill">emulator</span>
        <button type="button" className="icon-btn" aria-label="Close developer panel" onClick={onClose}>
          ✕
        </button>
      </header>

      <fieldset>
        <legend>Proxy key tier</legend>
        <div className="segmented">
          {TIERS.map((tier: Tier) => (
            <button
              key={tier}
              type="button"
              aria-pressed={state.tier === tier}
              onClick={() => apply(() => setTier(tier), { tier })}
            >
              {tierLabel(tier)}
            </button>
          ))}
        </div>
        <p className="hint">
          Switches which test key the server-side proxy sends. The browser never holds it.
        </p>
        <label className="check">
          <input
            type="checkbox"
            checked={state.keyBroken}
            onChange={(e) => {
              const broken = e.target.checked;
              apply(() => setKeyBroken(broken), { keyBroken: broken });
            }}
          />
          Send an invalid key (401)
        </label>
      </fieldset>

      <fieldset>
        <legend>Inject a fault into the next request</legend>
        <div className="fault-grid">
          {FAULTS.map(({ fault, label }) => (
            <button key={fault} type="button" className="btn" onClick={() => apply(() => injectFault(fault))}>
              {label}
            </button>
          ))}
          <DropBrowserButton />
        </div>
        <UpstreamStatus />
        <p className="hint" aria-live="polite">
          {state.faults.length === 0
            ? 'No faults pending.'
            : `Pending: ${state.faults.map((f) => `${f.fault}${f.remaining && f.remaining > 1 ? ` ×${f.remaining}` : ''}`).join(', ')}`}
        </p>
      </fieldset>

      <fieldset>
        <legend>Speed</legend>
        <label className="field">
          <span className="sr-only">Speed</span>
          <select
            aria-label="Speed"
            value={state.speed ?? 'normal'}
            onChange={(e) => {
              const speed = e.target.value as DemoSpeed;
              apply(() => setSpeed(speed), { speed });
            }}
          >
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s[0]!.toUpperCase() + s.slice(1)}
              </option>
            ))}
          </select>
        </label>
      </fieldset>

      <div className="dev-foot">
        <button type="button" className="btn ghost" onClick={() => apply(resetEmulator)}>
          Reset emulator
        </button>
        {error && (
          <p className="hint error" role="alert">
            {error.message}
          </p>
        )}
      </div>
    </aside>
  );
}
