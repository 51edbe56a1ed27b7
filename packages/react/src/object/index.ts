/**
 * `useStreamingObject`: structured output streamed into a typed, validated object.
 *
 * @module \@using-ai/react/object
 */
// @using-ai/react/object: useStreamingObject on its own entry, so an app using only useStreamingChat never
// loads it (the root entry does not export it).
export type {
  DeepPartial,
  InferObject,
  ObjectSchema,
  ObjectSnapshot,
  ObjectStatus,
  StandardSchemaV1,
  ValidatorWithJsonSchema,
} from '@using-ai/core/object';
export { ObjectValidationError } from '@using-ai/core/object';
export {
  type UseStreamingObjectOptions,
  type UseStreamingObjectResult,
  useStreamingObject,
} from './use-streaming-object';
