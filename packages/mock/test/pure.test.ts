// The pure building blocks: tokenizer, stream script, tool arguments, validation, routes, rate limiter.
import type { ChatCompletionRequest } from '@using-ai/core';
import { describe, expect, it } from 'vitest';
import { catalog } from '../src/catalog';
import { planChunks, splitArguments } from '../src/chunks';
import { planCompletion } from '../src/plan';
import { createRateLimiter } from '../src/rate-limiter';
import { matchRoute } from '../src/routes';
import { MALFORMED_EVENT, streamSteps } from '../src/stream-steps';
import { topicOf } from '../src/text';
import { countPromptTokens, tokenize } from '../src/tokens';
import { extractCities, extractExpressions, extractTimezones } from '../src/tool-arguments';
import { validateChatRequest } from '../src/validate';

const model = (id: string) => {
  const found = catalog.find((m) => m.id === id);
  if (!found) throw new Error(id);
  return found;
};
const request = (content: string, extra: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest => ({
  model: 'sonnet-4.5',
  messages: [{ role: 'user', content }],
  ...extra,
});

describe('catalog', () => {
  it('has 15 unique models: the documented four, every tier × kind', () => {
    expect(catalog).toHaveLength(15);
    expect(new Set(catalog.map((m) => m.id)).size).toBe(15);
    expect(model('opus-4.5').tier).toBe('supermaxes');
    for (const id of ['haiku-4.5-agentic', 'deepseek-r2', 'sonnet-4.5-thinking'])
      expect(model(id)).toBeDefined();
    for (const tier of ['standard', 'donator', 'supermaxes']) {
      for (const kind of ['chat', 'thinking', 'agentic']) {
        expect(
          catalog.some((m) => m.tier === tier && m.kind === kind),
          `${tier}/${kind}`,
        ).toBe(true);
      }
    }
  });
});

describe('tokenize', () => {
  it('concatenates back to the exact text', () => {
    for (const text of ['Hello world.', '  leading', 'trailing  ', 'a\n\nb  c', '', 'one']) {
      expect(tokenize(text).join('')).toBe(text);
    }
    expect(tokenize('Hello big world')).toEqual(['Hello', ' big', ' world']);
  });

  it('counts prompt tokens with a per-message overhead', () => {
    expect(countPromptTokens([{ role: 'user', content: 'one two' }])).toBe(3 + 4 + 2);
  });
});

describe('planCompletion', () => {
  it('is deterministic, seed-sensitive and refers to the last user message', () => {
    const a = planCompletion({
      request: request('How do magnets work?'),
      model: model('sonnet-4.5'),
      seed: 0,
      nowMs: 0,
    });
    const b = planCompletion({
      request: request('How do magnets work?'),
      model: model('sonnet-4.5'),
      seed: 0,
      nowMs: 5000,
    });
    const c = planCompletion({
      request: request('How do magnets work?'),
      model: model('sonnet-4.5'),
      seed: 9,
      nowMs: 0,
    });
    expect(a.content).toEqual(b.content);
    expect(a.content).not.toEqual(c.content);
    expect(a.content.join('')).toContain('How do magnets work');
    expect(b.created).toBe(5);
  });

  it('a request seed replaces the server seed', () => {
    const a = planCompletion({
      request: request('x', { seed: 4 }),
      model: model('sonnet-4.5'),
      seed: 0,
      nowMs: 0,
    });
    const b = planCompletion({ request: request('x'), model: model('sonnet-4.5'), seed: 4, nowMs: 0 });
    expect(a.content).toEqual(b.content);
  });

  it('max_tokens cuts reasoning first, then content, with finish_reason length', () => {
    const thinking = model('deepseek-r2');
    const full = planCompletion({ request: request('Explain tides'), model: thinking, seed: 0, nowMs: 0 });
    const cut = planCompletion({
      request: request('Explain tides', { max_tokens: 5 }),
      model: thinking,
      seed: 0,
      nowMs: 0,
    });
    expect(full.finishReason).toBe('stop');
    expect(cut.finishReason).toBe('length');
    expect(cut.reasoning).toEqual(full.reasoning.slice(0, 5));
    expect(cut.content).toEqual([]);
    expect(cut.usage).toMatchObject({
      completion_tokens: 5,
      completion_tokens_details: { reasoning_tokens: 5 },
    });
    const exact = full.reasoning.length + full.content.length;
    expect(
      planCompletion({
        request: request('Explain tides', { max_tokens: exact }),
        model: thinking,
        seed: 0,
        nowMs: 0,
      }).finishReason,
    ).toBe('stop');
  });
});

describe('planChunks and streamSteps', () => {
  const plan = planCompletion({
    request: request('Tell me about owls'),
    model: model('sonnet-4.5'),
    seed: 0,
    nowMs: 0,
  });
  const chunks = planChunks(plan, true);

  it('orders role, content, finish, usage', () => {
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage).toEqual(plan.usage);
    expect(planChunks(plan, false).at(-1)?.choices[0]?.finish_reason).toBe('stop');
  });

  it('with include_usage, as OpenAI: every chunk has `usage`, null until the last; without it, none has', () => {
    expect(chunks.slice(0, -1).every((c) => 'usage' in c && c.usage === null)).toBe(true);
    expect(planChunks(plan, false).some((c) => 'usage' in c)).toBe(false);
  });

  it('a pure tool-call answer opens with content: null and refusal: null, as OpenAI', () => {
    const toolPlan = planCompletion({
      request: {
        ...request('What is the weather in Paris?'),
        tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
      },
      model: model('haiku-4.5-agentic'),
      seed: 0,
      nowMs: 0,
    });
    expect(toolPlan.toolCalls.length).toBeGreaterThan(0);
    expect(planChunks(toolPlan, false)[0]?.choices[0]?.delta).toEqual({
      role: 'assistant',
      content: null,
      refusal: null,
    });
  });

  it('ends with [DONE] unless missing_done; faults strike after a token', () => {
    const data = (f?: Parameters<typeof streamSteps>[1]) => streamSteps(chunks, f);
    expect(data().at(-1)).toEqual({ kind: 'data', text: 'data: [DONE]\n\n', pace: 'none' });
    expect(data('missing_done').some((s) => s.kind === 'data' && s.text.includes('[DONE]'))).toBe(false);
    for (const fault of ['drop_mid_stream', 'stall'] as const) {
      const steps = data(fault);
      expect(steps.at(-1)?.kind).toBe(fault === 'stall' ? 'stall' : 'drop');
      expect(steps.length).toBeGreaterThanOrEqual(3);
    }
    expect(
      data('malformed_chunk').filter((s) => s.kind === 'data' && s.text === MALFORMED_EVENT),
    ).toHaveLength(1);
    const errored = data('error_event');
    expect(errored.at(-1)).toMatchObject({ kind: 'data', text: expect.stringContaining('"error"') });
    expect(data()[0]).toMatchObject({ pace: 'ttft' });
    expect(data()[1]).toMatchObject({ pace: 'token' });
  });

  it('splits tool arguments into several pieces that join back', () => {
    const text = '{"city":"San Francisco"}';
    const pieces = splitArguments(text);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(text);
  });
});

describe('argument extraction', () => {
  it('finds cities, expressions and time zones', () => {
    expect(extractCities('Weather in New York and Paris?')).toEqual(['New York', 'Paris']);
    expect(extractCities('Is it raining, Tokyo?')).toEqual(['Tokyo']);
    expect(extractExpressions('what is 3 + 4 and 10 divided by 2')).toEqual(['3 + 4', '10 / 2']);
    expect(extractExpressions('no math here 42')).toEqual([]);
    expect(extractTimezones('time in Europe/Berlin')).toEqual(['Europe/Berlin']);
    expect(extractTimezones('what time is it in Sydney')).toEqual(['Australia/Sydney']);
  });

  it('quotes a short topic', () => {
    expect(topicOf('Say hello in one word. Then more.')).toBe('Say hello in one word');
    expect(topicOf('')).toBe('your message');
    expect(topicOf('x'.repeat(200)).length).toBeLessThanOrEqual(80);
  });
});

describe('validateChatRequest', () => {
  it('accepts the documented shapes', () => {
    const ok = validateChatRequest({
      model: 'deepseek-r2',
      messages: [
        { role: 'system', content: 'You are a terse assistant.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'hi' },
            { type: 'image_url', image_url: { url: 'data:,' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'c', content: '{}' },
      ],
      temperature: 0.3,
      max_tokens: 10,
      stream: false,
      tool_choice: 'auto',
      tools: [{ type: 'function', function: { name: 'f' } }],
    });
    expect(ok.ok).toBe(true);
  });

  it('names the offending param', () => {
    const param = (body: unknown) => {
      const result = validateChatRequest(body);
      return result.ok ? null : result.error.param;
    };
    expect(param(null)).toBe('body');
    expect(param({ model: '', messages: [] })).toBe('model');
    expect(param({ model: 'm', messages: [{ role: 'assistant', content: null }] })).toBe(
      'messages[0].content',
    );
    expect(
      param({
        model: 'm',
        messages: [{ role: 'system', content: [{ type: 'image_url', image_url: { url: 'x' } }] }],
      }),
    ).toBe('messages[0].content');
    expect(param({ model: 'm', messages: [{ role: 'user', content: 'x' }], top_p: 3 })).toBe('top_p');
    expect(param({ model: 'm', messages: [{ role: 'user', content: 'x' }], n: 2 })).toBe('n');
    expect(param({ model: 'm', messages: [{ role: 'user', content: 'x' }], tools: [{}] })).toBe('tools[0]');
    expect(param({ model: 'm', messages: [{ role: 'user', content: 'x' }], tool_choice: 'sometimes' })).toBe(
      'tool_choice',
    );
  });
});

describe('routes and rate limiter', () => {
  it('matches /v1 endpoints under any prefix', () => {
    expect(matchRoute('/v1/chat/completions')).toEqual({ name: 'chat' });
    expect(matchRoute('/api/v1/chat/completions/')).toEqual({ name: 'chat' });
    expect(matchRoute('/v1/models')).toEqual({ name: 'models' });
    expect(matchRoute('/v1/models/opus-4.5')).toEqual({ name: 'model', id: 'opus-4.5' });
    expect(matchRoute('/v1/completions')).toBeUndefined();
  });

  it('counts a fixed window per key', () => {
    let now = 0;
    const limiter = createRateLimiter(1000, () => now);
    expect(limiter.consume('k', 2)).toMatchObject({ allowed: true, remaining: 1, resetSeconds: 1 });
    expect(limiter.consume('k', 2)).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.consume('k', 2)).toMatchObject({ allowed: false, remaining: 0 });
    expect(limiter.peek('other', 2)).toMatchObject({ remaining: 2, resetSeconds: 1 });
    now = 1000;
    expect(limiter.consume('k', 2)).toMatchObject({ allowed: true, remaining: 1 });
  });
});
