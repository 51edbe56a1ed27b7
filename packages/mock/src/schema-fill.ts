// Fills a JSON Schema with a plausible value drawn from the user's message: nested objects get every
// property, arrays a few items, strings the message's keywords (or the answer text for answer-like names),
// numbers the message's first number kept inside the schema's bounds. Pure and deterministic, so a test can
// parse the answer with the schema it sent.
import type { JsonSchema, JsonValue } from '@using-ai/core';
import { resolveRef as resolve, schemaObject } from './json-schema';
import { keywordsOf, topicOf } from './text';
import { namedValue } from './tool-arguments';

export interface FillInput {
  /** The answer text, given to string properties named like an answer. */
  text: string;
  /** The last user message, source of keywords, numbers, cities… */
  message: string;
}

interface Context extends FillInput {
  root: JsonSchema;
  depth: number;
}

/** Below this depth only required properties are filled and arrays stay short: recursive schemas end. */
const DEEP = 5;
const ANSWER_NAME = /answer|text|content|response|summary|reply|message|description/i;

function typeOf(schema: JsonSchema): string | undefined {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((t): t is string => typeof t === 'string' && t !== 'null');
  if (schema.properties !== undefined) return 'object';
  if (schema.items !== undefined || schema.prefixItems !== undefined) return 'array';
  return undefined;
}

function numberIn(schema: JsonSchema, wanted: number, integer: boolean): number {
  let value = integer ? Math.round(wanted) : wanted;
  const step = integer ? 1 : 0.5;
  if (typeof schema.minimum === 'number' && value < schema.minimum) value = schema.minimum;
  if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum)
    value = schema.exclusiveMinimum + step;
  if (typeof schema.maximum === 'number' && value > schema.maximum) value = schema.maximum;
  if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum)
    value = schema.exclusiveMaximum - step;
  return integer ? Math.ceil(value) : value;
}

function formatted(format: JsonValue | undefined, index: number): string | undefined {
  const day = String(10 + (index % 18)).padStart(2, '0');
  switch (format) {
    case 'date':
      return `2026-01-${day}`;
    case 'date-time':
      return `2026-01-${day}T09:30:00Z`;
    case 'time':
      return '09:30:00';
    case 'email':
      return `user${index + 1}@example.com`;
    case 'uri':
    case 'url':
      return `https://example.com/${index + 1}`;
    case 'uuid':
      return `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`;
    default:
      return undefined;
  }
}

function fillString(schema: JsonSchema, name: string, index: number, ctx: Context): string {
  let value =
    formatted(schema.format, index) ??
    namedValue(name, ctx.message, index) ??
    (ANSWER_NAME.test(name) && ctx.text !== '' ? ctx.text : undefined);
  if (value === undefined) {
    const keywords = keywordsOf(ctx.message);
    const words = keywords.length > 0 ? keywords : [topicOf(ctx.message) || 'item'];
    // Items of one array differ, so a list renders as a list.
    value = index > 0 ? `${words[index % words.length]} ${index + 1}` : words.join(' ');
  }
  if (typeof schema.maxLength === 'number') value = value.slice(0, schema.maxLength);
  if (typeof schema.minLength === 'number') value = value.padEnd(schema.minLength, '.');
  return value;
}

// `index` is the object's place in its array: its fields differ from its siblings'.
function fillObject(schema: JsonSchema, index: number, ctx: Context): { [key: string]: JsonValue } {
  const properties = schemaObject(schema.properties);
  const required = Array.isArray(schema.required)
    ? schema.required.filter((r): r is string => typeof r === 'string')
    : [];
  const names = ctx.depth >= DEEP ? required : Object.keys(properties);
  const out: { [key: string]: JsonValue } = {};
  const inner = { ...ctx, depth: ctx.depth + 1 };
  for (const name of names) out[name] = fillValue(schemaObject(properties[name]), name, index, inner);
  return out;
}

function fillArray(schema: JsonSchema, name: string, ctx: Context): JsonValue[] {
  const inner = { ...ctx, depth: ctx.depth + 1 };
  if (Array.isArray(schema.prefixItems)) {
    return schema.prefixItems.map((item, i) => fillValue(schemaObject(item), name, i, inner));
  }
  const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
  const max = typeof schema.maxItems === 'number' ? schema.maxItems : Number.POSITIVE_INFINITY;
  const count = Math.min(max, Math.max(min, ctx.depth >= DEEP ? 0 : 3));
  const items = schemaObject(schema.items);
  return Array.from({ length: count }, (_, i) => fillValue(items, name, i, inner));
}

function fillValue(raw: JsonSchema, name: string, index: number, ctx: Context): JsonValue {
  const schema = resolve(raw, ctx.root);
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0)
    return schema.enum[index % schema.enum.length] ?? null;
  const options = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(options) && options.length > 0) {
    const chosen = options.map(schemaObject).find((o) => resolve(o, ctx.root).type !== 'null');
    return fillValue(chosen ?? schemaObject(options[0]), name, index, ctx);
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
    // Merged shallowly: enough for the `allOf: [{ $ref }]` wrappers generators emit.
    const merged = Object.assign({}, ...schema.allOf.map((s) => resolve(schemaObject(s), ctx.root)));
    return fillValue(merged, name, index, ctx);
  }
  switch (typeOf(schema)) {
    case 'object':
      return fillObject(schema, index, ctx);
    case 'array':
      return fillArray(schema, name, ctx);
    case 'integer':
    case 'number': {
      const first = /-?\d+(?:\.\d+)?/.exec(ctx.message);
      const base = first ? Number(first[0]) : 1;
      return numberIn(schema, base + index, typeOf(schema) === 'integer');
    }
    case 'boolean':
      return index % 2 === 0;
    case 'null':
      return null;
    default:
      return fillString(schema, name, index, ctx);
  }
}

/** A value that satisfies `schema` (objects, arrays, enums, bounds, formats, local `$ref`s), from `input`. */
export function fillSchema(schema: JsonSchema, input: FillInput): JsonValue {
  return fillValue(schema, '', 0, { ...input, root: schema, depth: 0 });
}
