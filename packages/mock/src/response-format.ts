// Structured output: `response_format` json_object / json_schema turn the answer into JSON text, so
// clients that parse it get something valid and schema-shaped.
import type { FunctionTool, JsonValue, ResponseFormat } from '@using-ai/core';
import { deriveArguments } from './tool-arguments';

/** The answer text as the requested format: plain, `{"answer": ...}`, or an object filling the schema. */
export function formatAnswer(
  text: string,
  userMessage: string,
  format: ResponseFormat | undefined | null,
): string {
  if (!format || format.type === 'text') return text;
  if (format.type === 'json_object') return JSON.stringify({ answer: text });
  const schema = format.json_schema.schema;
  if (schema?.type !== 'object') return JSON.stringify({ answer: text });
  // The schema is filled with the same rules as tool arguments; string fields named like an answer get the text.
  const asTool: FunctionTool = {
    type: 'function',
    function: { name: format.json_schema.name, parameters: schema },
  };
  const value: Record<string, JsonValue> = deriveArguments(asTool, userMessage);
  for (const name of Object.keys(value)) {
    if (/answer|text|content|response|summary|reply|message/i.test(name) && typeof value[name] === 'string') {
      value[name] = text;
    }
  }
  return JSON.stringify(value);
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
