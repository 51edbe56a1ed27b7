// A small JSON Schema check and its opposite: the emulator's agentic models look at their own previous
// tool arguments to "notice" they were invalid, and the schema_mismatch / invalid_tool_args faults break a
// valid value on purpose. Covers what tool and response schemas use (types, required, properties, items,
// enum, const, bounds, anyOf/oneOf, local $ref); not a full validator.
import type { JsonSchema, JsonValue } from '@using-ai/core';
import { resolveRef as deref, schemaObject } from './json-schema';

function typeMatches(type: string, value: JsonValue): boolean {
  switch (type) {
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    default:
      return true;
  }
}

function problem(value: JsonValue, raw: JsonSchema, root: JsonSchema, at: string): string | undefined {
  const schema = deref(raw, root);
  const where = at === '' ? 'the value' : at;
  const types =
    typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? schema.type : [];
  if (types.length > 0 && !types.some((t) => typeof t === 'string' && typeMatches(t, value))) {
    return `${where} must be ${types.join(' or ')}`;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    return `${where} must be one of ${JSON.stringify(schema.enum)}`;
  }
  if (schema.const !== undefined && JSON.stringify(schema.const) !== JSON.stringify(value)) {
    return `${where} must be ${JSON.stringify(schema.const)}`;
  }
  const options = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(options) && options.every((o) => problem(value, schemaObject(o), root, at))) {
    return `${where} matches none of the allowed shapes`;
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum)
      return `${where} must be >= ${schema.minimum}`;
    if (typeof schema.maximum === 'number' && value > schema.maximum)
      return `${where} must be <= ${schema.maximum}`;
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) return `${where} is too short`;
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) return `${where} is too long`;
    const items = schemaObject(schema.items);
    for (const [i, item] of value.entries()) {
      const found = problem(item, items, root, `${at}[${i}]`);
      if (found) return found;
    }
  } else if (typeof value === 'object' && value !== null) {
    const properties = schemaObject(schema.properties);
    for (const name of Array.isArray(schema.required) ? schema.required : []) {
      if (typeof name === 'string' && !Object.hasOwn(value, name))
        return `${at === '' ? '' : `${at}.`}${name} is required`;
    }
    for (const [name, item] of Object.entries(value)) {
      const path = at === '' ? name : `${at}.${name}`;
      if (Object.hasOwn(properties, name)) {
        const found = problem(item, schemaObject(properties[name]), root, path);
        if (found) return found;
      } else if (schema.additionalProperties === false) {
        return `${path} is not allowed`;
      }
    }
  }
  return undefined;
}

/** The first way `value` breaks `schema` (e.g. `"city is required"`), or undefined when it conforms. */
export function schemaProblem(value: JsonValue, schema: JsonSchema): string | undefined {
  return problem(value, schema, schema, '');
}

/** A value of another JSON type than `value`, so a typed field gets the wrong type. */
function wrongType(value: JsonValue): JsonValue {
  if (typeof value === 'string') return 42;
  if (typeof value === 'number') return 'not a number';
  if (typeof value === 'boolean') return 'yes';
  return 'unexpected';
}

/**
 * `value` broken against `schema`, still valid JSON: the first required property removed, or else the
 * first property given the wrong type, or else (nothing to break inside) a string where an object is due.
 */
export function breakSchema(value: JsonValue, schema: JsonSchema): JsonValue {
  const resolved = deref(schema, schema);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return wrongType(value);
  const copy: { [key: string]: JsonValue } = { ...value };
  const required = Array.isArray(resolved.required) ? resolved.required : [];
  const firstRequired = required.find((r): r is string => typeof r === 'string' && Object.hasOwn(copy, r));
  if (firstRequired !== undefined) {
    delete copy[firstRequired];
    return copy;
  }
  const first = Object.keys(copy)[0];
  if (first !== undefined) {
    copy[first] = wrongType(copy[first] ?? null);
    if (schemaProblem(copy, schema)) return copy;
  }
  return 'not an object';
}
