// Tools whose `parameters` are a Standard Schema: the JSON Schema the model gets comes from it, and the
// arguments it wrote are validated before the tool runs. Plain JSON Schemas pass through untouched.
import { type ObjectSchema, resolveObjectSchema } from '../object/object-schema';
import type { StandardSchemaV1 } from '../object/standard-schema';
import type { JsonSchema } from '../types';
import type { ChatTool } from './types';

/** The JSON Schema to send for a tool's `parameters` (converted when it is a Standard Schema). */
export function toolJsonSchema(parameters: ChatTool['parameters']): JsonSchema | undefined {
  return parameters === undefined ? undefined : resolveObjectSchema(parameters as ObjectSchema).jsonSchema;
}

function describe(issue: StandardSchemaV1.Issue): string {
  const path = (issue.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/**
 * The arguments as the tool's validator outputs them, or the error the model gets back so it can correct
 * its call. Tools with a plain JSON Schema (or none) get their arguments unchanged.
 */
export async function validateToolArgs(
  tool: ChatTool | undefined,
  args: unknown,
): Promise<{ args: unknown; error?: undefined } | { error: string }> {
  const parameters = tool?.parameters;
  if (parameters === undefined) return { args };
  const validator = (parameters as { standard?: StandardSchemaV1 }).standard ?? parameters;
  const validate = (validator as Partial<StandardSchemaV1>)['~standard']?.validate;
  if (!validate) return { args };
  const result = await validate(args);
  if (!result.issues) return { args: result.value };
  return { error: `Invalid arguments: ${result.issues.map(describe).join('; ')}` };
}
