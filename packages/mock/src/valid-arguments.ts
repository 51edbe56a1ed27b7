// Tool arguments checked against the tool's JSON Schema: the usual derivation when it conforms, else
// the schema filled (nested required fields, minItems), so an agentic model's own calls are valid.
import type { FunctionTool, JsonValue } from '@using-ai/core';
import { schemaProblem } from './schema-check';
import { fillSchema } from './schema-fill';
import { deriveArguments } from './tool-arguments';

/** The parsed arguments, or undefined when they are not JSON. */
export function parseArguments(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

/** The problem of `argumentsText` against `tool`'s schema, or undefined when the arguments conform. */
export function argumentsProblem(tool: FunctionTool, argumentsText: string): string | undefined {
  const value = parseArguments(argumentsText);
  if (value === undefined) return 'the arguments are not JSON';
  return schemaProblem(value, tool.function.parameters ?? {});
}

/** Valid arguments for `tool` as JSON text: derived, else the schema filled; undefined if neither conforms. */
export function validArguments(tool: FunctionTool, message: string, index: number): string | undefined {
  for (const candidate of [
    deriveArguments(tool, message, index),
    fillSchema(tool.function.parameters ?? { type: 'object' }, { text: '', message }),
  ]) {
    const text = JSON.stringify(candidate);
    if (!argumentsProblem(tool, text)) return text;
  }
  return undefined;
}
