import type { ModelInfo, Tier } from '@using-ai/core';

export const TIERS: readonly Tier[] = ['standard', 'donator', 'supermaxes'];

const TIER_LABELS: Record<Tier, string> = {
  standard: 'Standard',
  donator: 'Donator',
  supermaxes: 'SuperMaxes',
};

export function tierLabel(tier: Tier): string {
  return TIER_LABELS[tier] ?? tier;
}

export function isTier(value: unknown): value is Tier {
  return typeof value === 'string' && (TIERS as readonly string[]).includes(value);
}

/** A key on `current` may call models of its own tier and every tier below it. */
export function tierAllows(current: Tier, required: Tier): boolean {
  return TIERS.indexOf(required) <= TIERS.indexOf(current);
}

export interface ModelGroup {
  tier: Tier;
  label: string;
  locked: boolean;
  models: ModelInfo[];
}

/**
 * Groups the catalog by tier, cheapest first. `current` is the proxy key's tier when the demo knows it
 * (emulator mode); when it does not, nothing is shown locked up front and a 403 teaches us instead
 * (`learnedLocks`).
 */
export function groupModelsByTier(
  models: readonly ModelInfo[],
  current: Tier | null,
  learnedLocks: ReadonlySet<string> = new Set(),
): ModelGroup[] {
  return TIERS.map((tier) => {
    const inTier = models.filter((m) => m.tier === tier).sort((a, b) => a.id.localeCompare(b.id));
    const locked =
      current !== null ? !tierAllows(current, tier) : inTier.every((m) => learnedLocks.has(m.id));
    return { tier, label: tierLabel(tier), locked: locked && inTier.length > 0, models: inTier };
  }).filter((g) => g.models.length > 0);
}

export function isModelLocked(
  model: ModelInfo,
  current: Tier | null,
  learnedLocks: ReadonlySet<string>,
): boolean {
  if (current !== null) return !tierAllows(current, model.tier);
  return learnedLocks.has(model.id);
}

/** The model a new chat starts with: the docs' quick-start model when allowed, else the first allowed one. */
export function defaultModel(models: readonly ModelInfo[], current: Tier | null): string | null {
  const allowed = models.filter((m) => current === null || tierAllows(current, m.tier));
  const preferred = allowed.find((m) => m.id === 'haiku-4.5-agentic');
  return (preferred ?? allowed[0] ?? models[0])?.id ?? null;
}
