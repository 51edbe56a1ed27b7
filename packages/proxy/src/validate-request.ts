// Turns the request body bytes into a chat request the proxy is willing to send, or says why not.
// Pure: no I/O, so every refusal is unit-testable.
import type { ChatCompletionRequest } from '@using-ai/core';
import type { AllowedModel } from './options';

export interface ValidateOptions {
  allowedModels?: readonly AllowedModel[];
  maxTokens?: number;
  maxTokensMode?: 'reject' | 'clamp';
}

export type Refusal = { status: number; type: string; message: string; param?: string };

export type ValidateResult = { ok: true; body: ChatCompletionRequest } | { ok: false; refusal: Refusal };

const TOKEN_FIELDS = ['max_tokens', 'max_completion_tokens'] as const;

export function allowedModelIds(allowed: readonly AllowedModel[]): Set<string> {
  return new Set(allowed.map((entry) => (typeof entry === 'string' ? entry : entry.id)));
}

function refuse(status: number, type: string, message: string, param?: string): ValidateResult {
  return {
    ok: false,
    refusal: param === undefined ? { status, type, message } : { status, type, message, param },
  };
}

// One decoder for every request: a whole-input decode() starts from a clean state each time.
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseJsonObject(bytes: Uint8Array): Record<string, unknown> | null {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch {
    return null;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

export function validateChatRequest(
  bytes: Uint8Array,
  options: ValidateOptions,
  allowedIds: Set<string> | null,
): ValidateResult {
  const body = parseJsonObject(bytes);
  if (body === null) {
    return refuse(400, 'invalid_request_error', 'The request body must be a JSON object (UTF-8).');
  }
  if (typeof body.model !== 'string' || body.model === '') {
    return refuse(400, 'invalid_request_error', '`model` is required and must be a string.', 'model');
  }
  if (body.stream !== undefined && typeof body.stream !== 'boolean') {
    return refuse(400, 'invalid_request_error', '`stream` must be a boolean.', 'stream');
  }
  if (allowedIds !== null && !allowedIds.has(body.model)) {
    return refuse(
      403,
      'model_not_allowed',
      `The model "${clip(body.model)}" is not allowed by this proxy.`,
      'model',
    );
  }
  if (!Array.isArray(body.messages)) {
    return refuse(400, 'invalid_request_error', '`messages` is required and must be an array.', 'messages');
  }
  for (const field of TOKEN_FIELDS) {
    const value = body[field];
    if (value === undefined || value === null) continue;
    // Above 2^53 a number is no longer an exact integer: refused even without a cap.
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      return refuse(400, 'invalid_request_error', `\`${field}\` must be a positive integer.`, field);
    }
    if (options.maxTokens !== undefined && value > options.maxTokens) {
      if (options.maxTokensMode === 'clamp') {
        body[field] = options.maxTokens;
      } else {
        return refuse(
          400,
          'invalid_request_error',
          `\`${field}\` is ${value}; this proxy allows at most ${options.maxTokens}.`,
          field,
        );
      }
    }
  }
  if (options.maxTokens !== undefined && body.max_tokens == null && body.max_completion_tokens == null) {
    // A cap that only applies when the client asks for it would not cap anything.
    body.max_tokens = options.maxTokens;
  }
  return { ok: true, body: body as unknown as ChatCompletionRequest };
}

/** Echoing client input into messages is fine, but not unbounded. */
function clip(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
