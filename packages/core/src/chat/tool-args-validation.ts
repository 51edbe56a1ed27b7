// Tools whose `parameters` are a Standard Schema: the JSON Schema the model gets comes from it, and the
// arguments it wrote are validated before the tool runs. Plain JSON Schemas pass through untouched.
// Written against the shapes directly (not object-schema.ts) to stay small: every chat bundle carries it.
import type { StandardSchemaV1 } from '../object/standard-schema';
import type { JsonSchema } from '../types';
import type { ChatTool } from './types';

/** The forms `parameters` may take, seen structurally. */
interface Parameters {
  '~standard'?: StandardSchemaV1.Props & { jsonSchema?: { input(options: object): JsonSchema } };
  toJSONSchema?(options: object): JsonSchema;
  standard?: Parameters;
  jsonSchema?: JsonSchema;
}

/** The JSON Schema to send for a tool's `parameters` (converted when it is a Standard Schema). */
export function toolJsonSchema(parameters: ChatTool['parameters']): JsonSchema {
  const p = parameters as Parameters;
  const own = p['~standard'];
  if (!own) return (p.standard ? p.jsonSchema : p) as JsonSchema;
  const json = own.jsonSchema?.input({ target: 'draft-2020-12' }) ?? p.toJSONSchema?.({ io: 'input' });
  if (!json)
    throw new TypeError(
      `parameters: this ${own.vendor} schema has no JSON Schema; pass { standard, jsonSchema }`,
    );
  const { $schema: _marker, ...schema } = json;
  return schema;
}

/**
 * The arguments as the tool's validator outputs them, or the error the model gets back so it can correct
 * its call. `undefined` (synchronously) for tools with a plain JSON Schema or none: nothing to wait for, so
 * such calls go on in the same task as before.
 */
export function validateToolArgs(
  tool: ChatTool,
  args: unknown,
): Promise<{ args: unknown; error?: undefined } | { error: string }> | undefined {
  const p = tool.parameters as Parameters | undefined;
  const validate = (p?.standard ?? p)?.['~standard']?.validate;
  if (!validate) return undefined;
  const describe = ({ path = [], message }: StandardSchemaV1.Issue) =>
    (path.length ? `${path.map((s) => String(typeof s === 'object' ? s.key : s)).join('.')}: ` : '') +
    message;
  return Promise.resolve(validate(args)).then((result) =>
    result.issues
      ? { error: `Invalid arguments: ${result.issues.map(describe).join('; ')}` }
      : { args: result.value },
  );
}
