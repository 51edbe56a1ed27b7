import type { ModelInfo, Tier } from '@using-ai/core';
import { groupModelsByTier, isModelLocked, tierLabel } from '../lib/tiers';
import { LockIcon } from './LockIcon';

interface ModelPickerProps {
  models: readonly ModelInfo[];
  value: string | null;
  tier: Tier | null;
  learnedLocks: ReadonlySet<string>;
  onChange: (modelId: string) => void;
}

const KIND_LABEL: Record<string, string> = { chat: 'chat', thinking: 'thinking', agentic: 'tools' };

/**
 * Models grouped by tier. Locked models stay selectable on purpose: sending to one shows the API's own
 * tier_forbidden answer, which is exactly what the demo is meant to show.
 */
export function ModelPicker({ models, value, tier, learnedLocks, onChange }: ModelPickerProps) {
  const groups = groupModelsByTier(models, tier, learnedLocks);
  const current = models.find((m) => m.id === value);
  const locked = current ? isModelLocked(current, tier, learnedLocks) : false;
  return (
    <div className="model-picker">
      <label className="sr-only" htmlFor="model-select">
        Model
      </label>
      <select
        id="model-select"
        aria-label="Model"
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value)}
        disabled={models.length === 0}
      >
        {models.length === 0 && <option value="">Loading models…</option>}
        {groups.map((group) => (
          <optgroup key={group.tier} label={group.locked ? `${group.label} — locked` : group.label}>
            {group.models.map((m) => {
              const isLocked = isModelLocked(m, tier, learnedLocks);
              return (
                <option key={m.id} value={m.id} data-locked={isLocked || undefined}>
                  {/* An <option> holds text only, so no icon here; words work with every font. */}
                  {isLocked
                    ? `${m.id} — needs ${tierLabel(m.tier)}`
                    : `${m.id} · ${KIND_LABEL[m.kind] ?? m.kind}`}
                </option>
              );
            })}
          </optgroup>
        ))}
      </select>
      {current && locked && (
        <span className="lock-note" role="note">
          <LockIcon />
          Needs {tierLabel(current.tier)}
        </span>
      )}
    </div>
  );
}
