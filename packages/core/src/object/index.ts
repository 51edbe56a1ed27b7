/**
 * Structured output: `streamObject` and the object session, validated by a JSON Schema or a Standard Schema (zod, valibot, arktype).
 *
 * @module \@using-ai/core/object
 */
// @using-ai/core/object: structured output. Also exported from the package root; an app that never
// imports these pays nothing for them (the package has no side effects, so bundlers drop them).
export {
  type InferObject,
  type ObjectSchema,
  resolveObjectSchema,
  type ValidatorWithJsonSchema,
} from './object-schema';
export {
  createObjectSession,
  type ObjectSession,
  type ObjectSessionOptions,
  type ObjectSnapshot,
  type ObjectStatus,
} from './object-session';
export { ObjectValidationError } from './object-validation-error';
export { createPartialJsonParser, type PartialJsonParser } from './partial-json';
export type { StandardJSONSchemaV1Props, StandardSchemaV1 } from './standard-schema';
export { type DeepPartial, type ObjectStream, type StreamObjectRequest, streamObject } from './stream-object';
