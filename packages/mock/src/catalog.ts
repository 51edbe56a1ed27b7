// The emulator's model catalog: ILLUSTRATIVE data, not using.ai's real line-up. The four ids the public
// docs name are here (haiku-4.5-agentic, deepseek-r2, sonnet-4.5-thinking, opus-4.5 on SuperMaxes);
// the other eleven follow the same naming pattern so every tier offers every kind.
import type { ModelInfo } from '@using-ai/core';

// A fixed timestamp keeps /v1/models byte-for-byte stable between runs.
const CREATED = 1_761_955_200; // 2025-11-01T00:00:00Z

function model(
  id: string,
  tier: ModelInfo['tier'],
  kind: ModelInfo['kind'],
  owned_by: string,
  name: string,
  context_window: number,
): ModelInfo {
  return { id, object: 'model', created: CREATED, owned_by, tier, kind, name, context_window };
}

/** The 15 default models (illustrative), ordered by tier then kind. */
export const catalog: readonly ModelInfo[] = Object.freeze([
  // Standard
  model('haiku-4.5', 'standard', 'chat', 'anthropic', 'Haiku 4.5', 200_000),
  model('llama-4-scout', 'standard', 'chat', 'meta', 'Llama 4 Scout', 128_000),
  model('deepseek-r2', 'standard', 'thinking', 'deepseek', 'DeepSeek R2', 128_000),
  model('haiku-4.5-agentic', 'standard', 'agentic', 'anthropic', 'Haiku 4.5 Agentic', 200_000),
  model('qwen-3-agentic', 'standard', 'agentic', 'alibaba', 'Qwen 3 Agentic', 128_000),
  // Donator
  model('sonnet-4.5', 'donator', 'chat', 'anthropic', 'Sonnet 4.5', 200_000),
  model('deepseek-v4', 'donator', 'chat', 'deepseek', 'DeepSeek V4', 128_000),
  model('sonnet-4.5-thinking', 'donator', 'thinking', 'anthropic', 'Sonnet 4.5 Thinking', 200_000),
  model('gemini-2.5-thinking', 'donator', 'thinking', 'google', 'Gemini 2.5 Thinking', 1_000_000),
  model('sonnet-4.5-agentic', 'donator', 'agentic', 'anthropic', 'Sonnet 4.5 Agentic', 200_000),
  // SuperMaxes
  model('opus-4.5', 'supermaxes', 'chat', 'anthropic', 'Opus 4.5', 200_000),
  model('gemini-2.5-pro', 'supermaxes', 'chat', 'google', 'Gemini 2.5 Pro', 1_000_000),
  model('opus-4.5-thinking', 'supermaxes', 'thinking', 'anthropic', 'Opus 4.5 Thinking', 200_000),
  model('deepseek-r2-max', 'supermaxes', 'thinking', 'deepseek', 'DeepSeek R2 Max', 128_000),
  model('opus-4.5-agentic', 'supermaxes', 'agentic', 'anthropic', 'Opus 4.5 Agentic', 200_000),
]);
