// Checks a chat-completion request body the way the API does and names the offending parameter.
import type { ChatCompletionRequest } from '@using-ai/core';

export interface InvalidRequest {
  message: string;
  param: string;
}

export type Validation = { ok: true; request: ChatCompletionRequest } | { ok: false; error: InvalidRequest };

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(param: string, message: string): Validation {
  return { ok: false, error: { param, message } };
}

function validContentPart(part: unknown, allowImages: boolean): boolean {
  if (!isObject(part)) return false;
  if (part.type === 'text') return typeof part.text === 'string';
  if (allowImages && part.type === 'image_url')
    return isObject(part.image_url) && typeof part.image_url.url === 'string';
  return false;
}

function validateMessage(message: unknown, index: number): InvalidRequest | undefined {
  const at = `messages[${index}]`;
  if (!isObject(message)) return { param: at, message: `${at} must be an object with a role and content.` };
  const role = message.role;
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    return {
      param: `${at}.role`,
      message: `${at}.role must be one of ${ROLES.join(', ')}; got ${JSON.stringify(role ?? null)}.`,
    };
  }
  const content = message.content;
  if (role === 'assistant') {
    const calls = message.tool_calls;
    if (calls !== undefined && !Array.isArray(calls))
      return { param: `${at}.tool_calls`, message: `${at}.tool_calls must be an array.` };
    if ((content === null || content === undefined) && !(Array.isArray(calls) && calls.length > 0)) {
      return { param: `${at}.content`, message: `${at}.content is required unless tool_calls are present.` };
    }
    if (content === null || content === undefined) return undefined;
  }
  if (role === 'tool' && typeof message.tool_call_id !== 'string') {
    return { param: `${at}.tool_call_id`, message: `${at}.tool_call_id must be a string.` };
  }
  if (typeof content === 'string') return undefined;
  if (
    Array.isArray(content) &&
    content.length > 0 &&
    content.every((p) => validContentPart(p, role === 'user'))
  ) {
    return undefined;
  }
  return {
    param: `${at}.content`,
    message: `${at}.content must be a string or a non-empty array of ${role === 'user' ? 'text or image_url' : 'text'} parts.`,
  };
}

function validateTools(tools: unknown): InvalidRequest | undefined {
  if (!Array.isArray(tools)) return { param: 'tools', message: 'tools must be an array of function tools.' };
  for (const [i, tool] of tools.entries()) {
    if (
      !isObject(tool) ||
      tool.type !== 'function' ||
      !isObject(tool.function) ||
      typeof tool.function.name !== 'string'
    ) {
      return {
        param: `tools[${i}]`,
        message: `tools[${i}] must be {"type":"function","function":{"name":...}}.`,
      };
    }
  }
  return undefined;
}

function isIntegerAtLeast(value: unknown, min: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min;
}

/** Validates a parsed JSON body; on success the body is typed as a ChatCompletionRequest. */
export function validateChatRequest(body: unknown): Validation {
  if (!isObject(body)) return fail('body', 'The request body must be a JSON object.');
  if (body.model === undefined) return fail('model', 'Missing required parameter: model.');
  if (typeof body.model !== 'string' || body.model.trim() === '')
    return fail('model', 'model must be a non-empty string.');
  if (body.messages === undefined) return fail('messages', 'Missing required parameter: messages.');
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return fail('messages', 'messages must be a non-empty array.');
  }
  for (const [i, message] of body.messages.entries()) {
    const error = validateMessage(message, i);
    if (error) return { ok: false, error };
  }
  const { temperature, top_p, max_tokens, max_completion_tokens, stream, stream_options, n, seed } = body;
  if (
    temperature !== undefined &&
    temperature !== null &&
    !(typeof temperature === 'number' && temperature >= 0 && temperature <= 2)
  ) {
    return fail('temperature', 'temperature must be a number between 0 and 2.');
  }
  if (top_p !== undefined && top_p !== null && !(typeof top_p === 'number' && top_p >= 0 && top_p <= 1)) {
    return fail('top_p', 'top_p must be a number between 0 and 1.');
  }
  if (max_tokens !== undefined && max_tokens !== null && !isIntegerAtLeast(max_tokens, 1)) {
    return fail('max_tokens', 'max_tokens must be an integer of at least 1.');
  }
  if (
    max_completion_tokens !== undefined &&
    max_completion_tokens !== null &&
    !isIntegerAtLeast(max_completion_tokens, 1)
  ) {
    return fail('max_completion_tokens', 'max_completion_tokens must be an integer of at least 1.');
  }
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean')
    return fail('stream', 'stream must be a boolean.');
  if (stream_options !== undefined && stream_options !== null && !isObject(stream_options)) {
    return fail('stream_options', 'stream_options must be an object.');
  }
  if (n !== undefined && n !== null && n !== 1) return fail('n', 'Only n = 1 is supported.');
  if (seed !== undefined && seed !== null && !Number.isInteger(seed))
    return fail('seed', 'seed must be an integer.');
  if (body.tools !== undefined && body.tools !== null) {
    const error = validateTools(body.tools);
    if (error) return { ok: false, error };
  }
  const { stop, response_format: format } = body;
  if (
    stop !== undefined &&
    stop !== null &&
    typeof stop !== 'string' &&
    !(Array.isArray(stop) && stop.length <= 4 && stop.every((s) => typeof s === 'string'))
  ) {
    return fail('stop', 'stop must be a string or an array of up to 4 strings.');
  }
  if (
    format !== undefined &&
    format !== null &&
    !(
      isObject(format) &&
      (format.type === 'text' ||
        format.type === 'json_object' ||
        (format.type === 'json_schema' &&
          isObject(format.json_schema) &&
          typeof format.json_schema.name === 'string'))
    )
  ) {
    return fail(
      'response_format',
      'response_format must be {"type":"text"}, {"type":"json_object"} or {"type":"json_schema","json_schema":{"name":...}}.',
    );
  }
  const choice = body.tool_choice;
  if (
    choice !== undefined &&
    choice !== null &&
    !(typeof choice === 'string' && ['none', 'auto', 'required'].includes(choice)) &&
    !(isObject(choice) && isObject(choice.function) && typeof choice.function.name === 'string')
  ) {
    return fail(
      'tool_choice',
      'tool_choice must be "none", "auto", "required" or {"type":"function","function":{"name":...}}.',
    );
  }
  return { ok: true, request: body as unknown as ChatCompletionRequest };
}
