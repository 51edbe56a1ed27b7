// What `streamObject`'s `schema` may be, and how each form becomes the JSON Schema sent to the model
// plus an optional validator for the final object.
import type { JsonSchema } from '../types';
import type { StandardJSONSchemaV1Props, StandardSchemaV1 } from './standard-schema';

/** A validator and the JSON Schema it stands for, given apart (valibot + `@valibot/to-json-schema`, or by hand). */
export interface ValidatorWithJsonSchema<T = unknown> {
  standard: StandardSchemaV1<unknown, T>;
  jsonSchema: JsonSchema;
}

/**
 * `schema` for `streamObject` and `useStreamingObject`, one of:
 * - a Standard Schema that also describes itself as JSON Schema (the Standard JSON Schema extension, as zod ≥ 4.2
 *   and arktype implement it; or a zod 4 schema with its `toJSONSchema()` method): written once, used for both;
 * - `{ standard, jsonSchema }`: a Standard Schema validator and the JSON Schema to send (valibot, older zod 4);
 * - a plain JSON Schema object: sent as is, the final object is not validated.
 */
export type ObjectSchema<T = unknown> =
  | StandardSchemaV1<unknown, T>
  | ValidatorWithJsonSchema<T>
  | JsonSchema;

/** The object type a schema validates to (`unknown` for a plain JSON Schema). */
export type InferObject<S> =
  S extends StandardSchemaV1<unknown, infer T>
    ? T
    : S extends { standard: StandardSchemaV1<unknown, infer T> }
      ? T
      : unknown;

export interface ResolvedSchema {
  jsonSchema: JsonSchema;
  validate?: StandardSchemaV1.Props['validate'];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

function isStandard(value: unknown): value is StandardSchemaV1 {
  return (
    (isObject(value) || typeof value === 'function') &&
    isObject((value as Record<string, unknown>)['~standard'])
  );
}

/** The JSON Schema a self-describing Standard Schema gives, without the `$schema` marker (bytes for nothing). */
function ownJsonSchema(schema: StandardSchemaV1): JsonSchema | undefined {
  const props = schema['~standard'] as StandardSchemaV1.Props & Partial<StandardJSONSchemaV1Props>;
  // The input side: it is what the model must write; the validator turns it into the output.
  let json: unknown = props.jsonSchema?.input({ target: 'draft-2020-12' });
  const withMethod = schema as { toJSONSchema?: (options?: object) => unknown };
  if (json === undefined && typeof withMethod.toJSONSchema === 'function')
    json = withMethod.toJSONSchema({ io: 'input' });
  if (!isObject(json)) return undefined;
  const { $schema: _ignored, ...rest } = json;
  return rest as JsonSchema;
}

/** Splits a `schema` option into what to send and what to validate with. Throws a TypeError for anything else. */
export function resolveObjectSchema(schema: ObjectSchema<unknown>): ResolvedSchema {
  if (isStandard(schema)) {
    const jsonSchema = ownJsonSchema(schema);
    if (!jsonSchema) {
      throw new TypeError(
        `This ${schema['~standard'].vendor} schema cannot describe itself as JSON Schema: pass { standard: schema, jsonSchema } instead.`,
      );
    }
    return { jsonSchema, validate: schema['~standard'].validate };
  }
  if (isObject(schema) && isStandard(schema.standard) && isObject(schema.jsonSchema)) {
    return { jsonSchema: schema.jsonSchema as JsonSchema, validate: schema.standard['~standard'].validate };
  }
  if (isObject(schema) && !Array.isArray(schema)) return { jsonSchema: schema as JsonSchema };
  throw new TypeError('schema must be a Standard Schema, { standard, jsonSchema }, or a JSON Schema object.');
}
