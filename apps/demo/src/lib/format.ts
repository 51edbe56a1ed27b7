import type { Usage } from '@using-ai/core';

export function formatTokens(n: number): string {
  return n.toLocaleString('en-US');
}

/** "12 in · 48 out · 60 tokens" plus reasoning tokens when the model reported them. */
export function formatUsage(usage: Usage): string {
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  const parts = [
    `${formatTokens(usage.prompt_tokens)} in`,
    `${formatTokens(usage.completion_tokens)} out`,
    ...(reasoning ? [`${formatTokens(reasoning)} reasoning`] : []),
    `${formatTokens(usage.total_tokens)} tokens`,
  ];
  return parts.join(' · ');
}

/** Whole seconds left until `at` (epoch ms), never negative. */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

export function formatCountdown(totalSeconds: number): string {
  if (totalSeconds < 60) return `${totalSeconds}s`;
  const m = Math.floor(totalSeconds / 60);
  const s = totalSeconds % 60;
  return `${m}m ${String(s).padStart(2, '0')}s`;
}
