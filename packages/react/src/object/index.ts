/**
 * `useStreamingObject`: structured output streamed into a typed, validated object.
 *
 * @module \@using-ai/react/object
 */
// @using-ai/react/object: useStreamingObject on its own entry, so an app using only useStreamingChat never
// loads it. The root entry re-exports it too; with no side effects, bundlers drop it when unused.
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
