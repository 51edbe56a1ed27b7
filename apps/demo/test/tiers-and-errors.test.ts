import type { ModelInfo } from '@using-ai/core';
import { describe, expect, it } from 'vitest';
import { describeError } from '../src/lib/describe-error';
import { formatCountdown, formatIn, formatUsage, secondsUntil, waitSentence } from '../src/lib/format';
import { defaultModel, groupModelsByTier, isModelLocked, tierAllows } from '../src/lib/tiers';

const model = (id: string, tier: ModelInfo['tier'], kind: ModelInfo['kind'] = 'chat'): ModelInfo => ({
  id,
  object: 'model',
  created: 0,
  owned_by: 'x',
  tier,
  kind,
});
const catalog = [
  model('opus-4.5', 'supermaxes'),
  model('haiku-4.5', 'standard'),
  model('sonnet-4.5', 'donator'),
];

describe('tiers', () => {
  it('orders tiers', () => {
    expect(tierAllows('donator', 'standard')).toBe(true);
    expect(tierAllows('donator', 'supermaxes')).toBe(false);
  });

  it('groups by tier and locks the ones above the key', () => {
    const groups = groupModelsByTier(catalog, 'donator');
    expect(groups.map((g) => [g.label, g.locked, g.models.map((m) => m.id)])).toEqual([
      ['Standard', false, ['haiku-4.5']],
      ['Donator', false, ['sonnet-4.5']],
      ['SuperMaxes', true, ['opus-4.5']],
    ]);
  });

  it('with an unknown tier only locks what a 403 taught us', () => {
    expect(isModelLocked(catalog[0]!, null, new Set())).toBe(false);
    expect(isModelLocked(catalog[0]!, null, new Set(['opus-4.5']))).toBe(true);
  });

  it('defaults to the docs model when allowed', () => {
    expect(defaultModel([...catalog, model('haiku-4.5-agentic', 'standard', 'agentic')], 'standard')).toBe(
      'haiku-4.5-agentic',
    );
    expect(defaultModel(catalog, 'standard')).toBe('haiku-4.5');
    expect(defaultModel([], 'standard')).toBeNull();
  });
});

describe('describeError', () => {
  it('tier_forbidden names the tier the model needs', () => {
    const d = describeError(
      {
        name: 'TierForbiddenError',
        status: 403,
        type: 'tier_forbidden',
        message: 'opus-4.5 requires the SuperMaxes tier. Upgrade at using.ai/pricing.',
      },
      catalog[0],
    );
    expect(d.kind).toBe('tier');
    expect(d.title).toBe('opus-4.5 needs the SuperMaxes tier');
  });

  it('401 blames the server key, not the user', () => {
    const d = describeError({ name: 'AuthenticationError', status: 401, message: 'bad key' });
    expect(d.title).toMatch(/server's API key/);
    expect(d.detail).toMatch(/USING_AI_KEY/);
  });

  it('an interrupted stream says the text is kept', () => {
    const d = describeError({
      name: 'StreamInterruptedError',
      status: 200,
      type: 'stream_interrupted',
      message: 'closed without [DONE]',
    });
    expect(d.kind).toBe('interrupted');
    expect(d.detail).toMatch(/closed without \[DONE\].*kept/i);
  });

  it('an interrupted stream names its cause once, not "Stream interrupted: …" under the same title', () => {
    const d = describeError({
      name: 'StreamInterruptedError',
      type: 'stream_interrupted',
      message: 'Stream interrupted: Connection lost: network error',
    });
    expect(d.title).toBe('The answer was interrupted');
    expect(d.detail).toBe('Connection lost: network error. The text received so far is kept above.');
    expect(`${d.title} ${d.detail}`.match(/interrupt/gi)).toHaveLength(1);
  });

  it('429 says when the window resets', () => {
    expect(
      describeError({ name: 'RateLimitError', status: 429, message: 'x', retryAfterMs: 12_001 }).detail,
    ).toMatch(/13 seconds/);
  });
});

describe('format', () => {
  it('formats usage, countdowns', () => {
    expect(
      formatUsage({
        prompt_tokens: 10,
        completion_tokens: 1200,
        total_tokens: 1210,
        completion_tokens_details: { reasoning_tokens: 5 },
      }),
    ).toBe('10 in · 1,200 out · 5 reasoning · 1,210 tokens');
    expect(secondsUntil(10_500, 10_000)).toBe(1);
    expect(secondsUntil(0, 10_000)).toBe(0);
    expect(formatCountdown(75)).toBe('1m 15s');
    expect(formatCountdown(9)).toBe('9s');
  });

  it('a wait that is due says "now", never "in 0s"; under a second rounds up to 1s', () => {
    expect(waitSentence('rate-limit', 0, secondsUntil(10_000, 10_000))).toBe(
      'Waiting for the rate-limit window: retrying now',
    );
    expect(waitSentence('retry', 2, secondsUntil(9_000, 10_000))).toBe('The request failed; retry 2 now');
    expect(waitSentence('rate-limit', 0, secondsUntil(10_100, 10_000))).toBe(
      'Waiting for the rate-limit window: retrying in 1s',
    );
    expect(waitSentence('retry', 1, 65)).toBe('The request failed; retry 1 in 1m 05s');
    expect(formatIn(0)).toBe('now');
  });
});
