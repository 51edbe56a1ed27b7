// Tiers are ordered: a key may call models of its own tier and every tier below it.
import type { Tier } from '@using-ai/core';

/** The tiers from lowest to highest; a key may call the models of its tier and of the tiers below. */
export const TIER_ORDER: readonly Tier[] = ['standard', 'donator', 'supermaxes'];

/** Display names as the docs spell them ("requires the SuperMaxes tier"). */
export const TIER_LABEL: Readonly<Record<Tier, string>> = {
  standard: 'Standard',
  donator: 'Donator',
  supermaxes: 'SuperMaxes',
};

/** Requests per rate-limit window (one minute by default), per key, as documented. */
export const DEFAULT_TIER_LIMITS: Readonly<Record<Tier, number>> = {
  standard: 60,
  donator: 120,
  supermaxes: 300,
};

/** `true` when a key of `keyTier` may call a model of `modelTier`. */
export function tierAllows(keyTier: Tier, modelTier: Tier): boolean {
  return TIER_ORDER.indexOf(keyTier) >= TIER_ORDER.indexOf(modelTier);
}
