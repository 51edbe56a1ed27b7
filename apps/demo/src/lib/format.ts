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

/**
 * "in 3s", "in 1m 05s", or "now" once the moment has come: the client may still be about to send when
 * the countdown reaches it, and "in 0s" read as stuck.
 */
export function formatIn(totalSeconds: number): string {
  return totalSeconds > 0 ? `in ${formatCountdown(totalSeconds)}` : 'now';
}

/** The wait banner's sentence. `attempt` is the attempt about to be made (0 for a rate-limit wait). */
export function waitSentence(reason: 'rate-limit' | 'retry', attempt: number, secondsLeft: number): string {
  return reason === 'rate-limit'
    ? `Waiting for the rate-limit window: retrying ${formatIn(secondsLeft)}`
    : `The request failed; retry ${attempt} ${formatIn(secondsLeft)}`;
}
