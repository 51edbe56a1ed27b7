// Reading untrusted JSON Schemas: a sub-schema as an object, and local `$ref`s followed.
import type { JsonSchema, JsonValue } from '@using-ai/core';

/** A (sub-)schema as an object (`{}` when it is missing or not an object). */
export function schemaObject(schema: JsonValue | undefined): JsonSchema {
  return typeof schema === 'object' && schema !== null && !Array.isArray(schema) ? schema : {};
}

/** Follows local `$ref`s (`#/$defs/x`, `#/definitions/x`, `#`), as zod and valibot emit them. */
export function resolveRef(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let current = schema;
  // Bounded: a $ref cycle must not hang the emulator.
  for (let hops = 0; typeof current.$ref === 'string' && hops < 8; hops++) {
    const path = current.$ref.replace(/^#\/?/, '');
    let target: JsonValue | undefined = root;
    for (const part of path === '' ? [] : path.split('/')) {
      target = schemaObject(target)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    current = schemaObject(target);
  }
  return current;
}
