import { UsingAiError, type UsingAiErrorInit } from '../errors';
import type { StandardSchemaV1 } from './standard-schema';

/**
 * The model's answer is not an object the schema accepts: either the complete text is not JSON
 * (one issue saying where it breaks; `value` is `undefined`), or the JSON fails the schema's validation
 * (`issues` are the validator's). `text` is the raw answer, so nothing received is lost.
 */
export class ObjectValidationError extends UsingAiError {
  override name = 'ObjectValidationError';
  /** What the validator (or the JSON parser) found wrong. */
  declare readonly issues: ReadonlyArray<StandardSchemaV1.Issue>;
  /** The raw text of the answer. */
  declare readonly text: string;
  /** The parsed JSON, when the text was JSON. */
  declare readonly value: unknown;

  constructor(
    init: Omit<UsingAiErrorInit, 'type'> & {
      type?: string;
      issues: ReadonlyArray<StandardSchemaV1.Issue>;
      text: string;
      value: unknown;
    },
  ) {
    super({ type: 'object_validation_error', ...init });
  }
}
