// Structured output over HTTP: json_schema answers stream in small pieces, fill nested schemas (checked by
// zod, an independent validator), and the schema_mismatch fault gives valid JSON that breaks the schema.

import type { JsonSchema } from '@using-ai/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type MockServer, startMockServer } from '../src/index';
import { fillSchema } from '../src/schema-fill';
import { chatRequest, chunksOf, contentOf, readSse } from './support';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ rateLimit: false });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const Recipe = z.object({
  title: z.string().min(3),
  servings: z.number().int().min(1).max(12),
  difficulty: z.enum(['easy', 'medium', 'hard']),
  ingredients: z
    .array(z.object({ name: z.string(), amount: z.number().positive(), unit: z.enum(['g', 'ml', 'pcs']) }))
    .min(2),
  steps: z.array(z.string()).min(2).max(5),
  meta: z.object({ vegetarian: z.boolean(), tags: z.array(z.string()), source: z.string().url() }),
  note: z.string().nullable(),
  summary: z.string().optional(),
});
const recipeSchema = z.toJSONSchema(Recipe) as unknown as JsonSchema;

const request = (extra: Record<string, unknown> = {}) => ({
  model: 'sonnet-4.5',
  messages: [{ role: 'user' as const, content: 'A pancake recipe for 4 people, please.' }],
  response_format: { type: 'json_schema', json_schema: { name: 'recipe', schema: recipeSchema } },
  ...extra,
});

async function answer(extra: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await chatRequest(server.baseURL, request(extra), { headers });
  expect(res.status).toBe(200);
  return res;
}

describe('json_schema answers', () => {
  it('stream in many pieces of a few characters that concatenate to JSON the schema accepts', async () => {
    const read = await readSse(await answer({ stream: true }));
    const pieces = chunksOf(read)
      .map((c) => c.choices[0]?.delta.content as string | undefined)
      .filter((p): p is string => typeof p === 'string' && p !== '');
    expect(pieces.length).toBeGreaterThan(20);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(6);
    // Cut inside strings and between tokens, not only at commas: some piece ends inside a quoted key.
    expect(pieces.some((p) => /^[a-z]+$/i.test(p))).toBe(true);
    const recipe = Recipe.parse(JSON.parse(pieces.join('')));
    expect(recipe.servings).toBe(4);
    expect(recipe.ingredients.length).toBeGreaterThanOrEqual(2);
    expect(recipe.ingredients[0]?.name).not.toBe(recipe.ingredients[1]?.name);
    expect(recipe.steps.length).toBeGreaterThanOrEqual(2);
    expect(recipe.meta.tags.length).toBeGreaterThan(0);
    expect(recipe.summary).toContain('pancake');
  });

  it('gives the same JSON without streaming, and reports the pieces as completion tokens', async () => {
    const streamed = contentOf(await readSse(await answer({ stream: true })));
    const body = await (await answer({})).json();
    expect(body.choices[0].message.content).toBe(streamed);
    expect(body.usage.completion_tokens).toBeGreaterThan(20);
  });

  it('fills recursive schemas ($ref to the root) and stops', () => {
    interface Node {
      name: string;
      children: Node[];
    }
    const Tree: z.ZodType<Node> = z.object({
      name: z.string(),
      get children() {
        return z.array(Tree);
      },
    });
    const schema = z.toJSONSchema(Tree) as unknown as JsonSchema;
    const value = fillSchema(schema, { text: 'x', message: 'a family tree' });
    expect(Tree.safeParse(value).success).toBe(true);
    expect((value as unknown as Node).children.length).toBeGreaterThan(0);
  });

  it('max_tokens cuts the JSON mid-way with finish_reason "length"', async () => {
    const body = await (await answer({ max_tokens: 10 })).json();
    expect(body.choices[0].finish_reason).toBe('length');
    expect(() => JSON.parse(body.choices[0].message.content)).toThrow();
  });
});

describe('schema_mismatch fault', () => {
  it('by header: valid JSON that the schema rejects (a required field missing)', async () => {
    const body = await (await answer({}, { 'x-mock-fault': 'schema_mismatch' })).json();
    const value = JSON.parse(body.choices[0].message.content);
    const result = Recipe.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['title']);
    expect(value.title).toBeUndefined();
  });

  it('injected: the next streamed answer breaks the schema, the one after is valid again', async () => {
    server.inject('schema_mismatch');
    const broken = contentOf(await readSse(await answer({ stream: true })));
    expect(Recipe.safeParse(JSON.parse(broken)).success).toBe(false);
    const fine = contentOf(await readSse(await answer({ stream: true })));
    expect(Recipe.safeParse(JSON.parse(fine)).success).toBe(true);
  });

  it('gives a wrong type when the schema requires nothing', async () => {
    const schema = { type: 'object', properties: { count: { type: 'integer' } } };
    const format = { type: 'json_schema', json_schema: { name: 'n', schema } };
    const res = await answer({ response_format: format }, { 'x-mock-fault': 'schema_mismatch' });
    const value = JSON.parse((await res.json()).choices[0].message.content);
    expect(typeof value.count).toBe('string');
  });

  it('has no effect without a json_schema response_format', async () => {
    const plain = { response_format: undefined };
    const normal = (await (await answer(plain)).json()).choices[0].message.content;
    const faulted = await answer(plain, { 'x-mock-fault': 'schema_mismatch' });
    expect((await faulted.json()).choices[0].message.content).toBe(normal);
  });
});
