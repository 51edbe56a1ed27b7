// Structured output: `response_format` json_object / json_schema turn the answer into JSON text, so
// clients that parse it get something valid and schema-shaped (or, with the schema_mismatch fault, valid
// JSON that breaks the schema).
import type { ResponseFormat } from '@using-ai/core';
import type { Fault } from './faults';
import { breakSchema } from './schema-check';
import { fillSchema } from './schema-fill';

/** The answer text as the requested format: plain, `{"answer": ...}`, or a value filling the schema. */
export function formatAnswer(
  text: string,
  userMessage: string,
  format: ResponseFormat | undefined | null,
  fault?: Fault,
): string {
  if (!format || format.type === 'text') return text;
  const schema = format.type === 'json_schema' ? format.json_schema.schema : undefined;
  if (!schema) return JSON.stringify({ answer: text });
  const value = fillSchema(schema, { text, message: userMessage });
  return JSON.stringify(fault === 'schema_mismatch' ? breakSchema(value, schema) : value);
}

/** Whether the answer is JSON (and so streamed in small pieces rather than words). */
export function isJsonFormat(format: ResponseFormat | undefined | null): boolean {
  return format?.type === 'json_object' || format?.type === 'json_schema';
}

/** Cuts `text` before the first stop sequence; `stopped` says whether one was found. */
export function applyStop(
  text: string,
  stop: string | string[] | undefined | null,
): { text: string; stopped: boolean } {
  const sequences = (typeof stop === 'string' ? [stop] : (stop ?? [])).filter((s) => s.length > 0);
  let cut = -1;
  for (const sequence of sequences) {
    const at = text.indexOf(sequence);
    if (at >= 0 && (cut < 0 || at < cut)) cut = at;
  }
  return cut < 0 ? { text, stopped: false } : { text: text.slice(0, cut), stopped: true };
}
