// streamObject over real HTTP against the emulator: JSON schema sent, partials that only grow, validation
// with zod 4 and valibot, and the typed failures.
import {
  createClient,
  type ObjectStream,
  ObjectValidationError,
  RateLimitError,
  StreamInterruptedError,
  streamObject,
} from '@using-ai/core';
import { type MockServer, startMockServer } from '@using-ai/mock';
import { toJsonSchema } from '@valibot/to-json-schema';
import * as v from 'valibot';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { grows } from './grows';

let mock: MockServer;
const bodies: Array<Record<string, unknown>> = [];
beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(() => mock.close());
afterEach(() => {
  mock.reset();
  bodies.length = 0;
});

function client(maxRetries = 2) {
  return createClient({
    baseURL: mock.baseURL,
    headers: { Authorization: 'Bearer sk-test-supermaxes' },
    retryDelay: { baseMs: 1, maxMs: 5 },
    maxRetries,
    fetch: (input, init) => {
      bodies.push(JSON.parse(String(init?.body)));
      return fetch(input, init);
    },
  });
}

const messages = [
  { role: 'user' as const, content: 'Plan a short trip to Paris with a few museums and a long summary' },
];

const Trip = z.object({
  title: z.string(),
  summary: z.string(),
  days: z.array(z.object({ city: z.string(), activities: z.array(z.string()) })),
  budget: z.object({ currency: z.string(), amount: z.number() }),
  nights: z.number(),
});

const TripV = v.object({
  title: v.string(),
  summary: v.string(),
  days: v.array(v.object({ city: v.string(), activities: v.array(v.string()) })),
  budget: v.object({ currency: v.string(), amount: v.number() }),
  nights: v.number(),
});

/** Every partial the stream makes (subscribe sees each one), checking each one extends the one before. */
function collect<T>(stream: ObjectStream<T>): unknown[] {
  const seen: unknown[] = [];
  stream.subscribe((partial) => {
    if (seen.length) expect(grows(seen[seen.length - 1], partial)).toBe(true);
    // A copy: a later partial must not be able to change one given out before.
    seen.push(structuredClone(partial));
  });
  return seen;
}

describe('streamObject', () => {
  it('sends the JSON Schema a zod 4 schema gives, and validates the final object with it', async () => {
    const stream = streamObject(client(), {
      model: 'haiku-4.5-agentic',
      messages,
      schema: Trip,
      schemaName: 'trip',
    });
    const partials = collect(stream);
    const trip = await stream.final();
    expect(Trip.parse(trip)).toEqual(trip);
    expect(trip).toEqual(JSON.parse(stream.text));
    expect(partials.at(-1)).toEqual(trip);
    // Nested arrays and objects, filled in piece by piece.
    expect(trip.days.length).toBeGreaterThan(0);
    expect(trip.days[0]?.activities.length).toBeGreaterThan(0);
    expect(partials.length).toBeGreaterThan(20);
    expect(partials.some((p) => Array.isArray((p as { days?: unknown[] }).days))).toBe(true);
    const format = bodies[0]?.response_format as {
      type: string;
      json_schema: { name: string; schema: unknown };
    };
    expect(format.type).toBe('json_schema');
    expect(format.json_schema.name).toBe('trip');
    expect(format.json_schema.schema).toMatchObject({
      type: 'object',
      properties: { days: { type: 'array', items: { type: 'object' } }, budget: { type: 'object' } },
    });
  });

  it('validates with valibot given { standard, jsonSchema }', async () => {
    const stream = streamObject(client(), {
      model: 'haiku-4.5-agentic',
      messages,
      schema: { standard: TripV, jsonSchema: toJsonSchema(TripV) as Record<string, never> },
    });
    const trip = await stream.final();
    expect(v.parse(TripV, trip)).toEqual(trip);
    expect(trip.budget.currency).toEqual(expect.any(String));
  });

  it('takes a plain JSON Schema and returns the parsed object unvalidated', async () => {
    const stream = streamObject(client(), {
      model: 'haiku-4.5-agentic',
      messages,
      schema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] },
    });
    const value = await stream.final();
    expect(value).toEqual({ answer: expect.any(String) });
    expect(stream.partial).toBe(value);
  });

  it('fails with ObjectValidationError (issues and raw text) when the object breaks the validator', async () => {
    // The model fills the JSON Schema it was sent; the validator wants a number there.
    const Strict = z.object({ title: z.number() });
    const stream = streamObject(client(), {
      model: 'haiku-4.5-agentic',
      messages,
      schema: {
        standard: Strict,
        jsonSchema: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] },
      },
    });
    const error = await stream.final().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectValidationError);
    const failure = error as ObjectValidationError;
    expect(failure.type).toBe('object_validation_error');
    expect(failure.issues[0]?.path?.map((p) => (typeof p === 'object' ? p.key : p))).toEqual(['title']);
    expect(JSON.parse(failure.text)).toEqual(failure.value);
    expect(failure.status).toBe(200);
    expect(failure.message).toMatch(/does not match the schema.*\(at title\)/);
  });

  it('fails as an interrupted stream, with the partial object, when the JSON never closes', async () => {
    const stream = streamObject(client(), {
      model: 'haiku-4.5-agentic',
      messages,
      schema: Trip,
      max_tokens: 6,
    });
    const error = await stream.final().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    const failure = error as StreamInterruptedError;
    expect(failure.message).toMatch(/token limit before its JSON closed/);
    expect(failure.partialObject).toEqual(stream.partial);
    expect(failure.partialObject).toMatchObject({ title: expect.any(String) });
    expect(failure.partial.content).toBe(stream.text);
  });

  it('keeps the partial object on an interrupted stream when the connection drops', async () => {
    mock.inject('drop_mid_stream');
    const stream = streamObject(client(), { model: 'haiku-4.5-agentic', messages, schema: Trip });
    const error = (await stream.final().catch((e: unknown) => e)) as StreamInterruptedError;
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect(error.partialObject).toEqual(stream.partial);
    expect(stream.partial).toBeDefined();
  });

  it('yields growing partials to async iteration and ends after the last one', async () => {
    mock.configure({ tokensPerSecond: 1000 });
    const stream = streamObject(client(), { model: 'haiku-4.5-agentic', messages, schema: Trip });
    const seen: unknown[] = [];
    for await (const partial of stream) {
      if (seen.length) expect(grows(seen.at(-1), partial)).toBe(true);
      seen.push(structuredClone(partial));
    }
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.at(-1)).toEqual(await stream.final());
  });

  it("fails with ObjectValidationError when the model's JSON breaks the schema (schema_mismatch fault)", async () => {
    mock.inject('schema_mismatch');
    const stream = streamObject(client(), { model: 'haiku-4.5-agentic', messages, schema: Trip });
    const error = (await stream.final().catch((e: unknown) => e)) as ObjectValidationError;
    expect(error).toBeInstanceOf(ObjectValidationError);
    expect(error.issues.length).toBeGreaterThan(0);
    expect(error.value).toEqual(JSON.parse(error.text));
    expect(error.text).toBe(stream.text);
  });

  it('fails with ObjectValidationError with valibot too (schema_mismatch fault)', async () => {
    mock.inject('schema_mismatch');
    const stream = streamObject(client(), {
      model: 'haiku-4.5-agentic',
      messages,
      schema: { standard: TripV, jsonSchema: toJsonSchema(TripV) as Record<string, never> },
    });
    const error = (await stream.final().catch((e: unknown) => e)) as ObjectValidationError;
    expect(error).toBeInstanceOf(ObjectValidationError);
    expect(error.issues[0]?.message).toEqual(expect.any(String));
  });

  it('retries a 429 like stream() and reports the rate limit', async () => {
    mock.inject('rate_limit');
    const retries: string[] = [];
    const stream = streamObject(
      client(),
      { model: 'haiku-4.5-agentic', messages, schema: Trip },
      { onRetry: (event) => retries.push(event.error.name) },
    );
    await expect(stream.final()).resolves.toMatchObject({ title: expect.any(String) });
    expect(retries).toEqual(['RateLimitError']);
    expect(stream.rateLimit?.limit).toEqual(expect.any(Number));
  });

  it('fails with the client error when retries run out', async () => {
    mock.inject('rate_limit', { times: 5 });
    const stream = streamObject(client(0), { model: 'haiku-4.5-agentic', messages, schema: Trip });
    await expect(stream.final()).rejects.toBeInstanceOf(RateLimitError);
  });

  it('abort() ends the stream: final() rejects as aborted with the partial object, iteration ends', async () => {
    mock.configure({ tokensPerSecond: 200 });
    const stream = streamObject(client(), { model: 'haiku-4.5-agentic', messages, schema: Trip });
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.done).toBe(false);
    stream.abort();
    const error = (await stream.final().catch((e: unknown) => e)) as StreamInterruptedError;
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect(error.type).toBe('aborted');
    expect(error.partialObject).toEqual(stream.partial);
    await expect(iterator.next()).rejects.toBe(error);
  });

  it('refuses a Standard Schema that cannot describe itself, naming the fix', () => {
    expect(() => streamObject(client(), { model: 'haiku-4.5-agentic', messages, schema: TripV })).toThrow(
      /pass \{ standard: schema, jsonSchema \}/,
    );
  });
});
