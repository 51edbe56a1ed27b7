// Scripted answers: a test says what the model answers next (text, reasoning, tool calls, a fault, the
// rate-limit state the response reports), instead of relying on the emulator's generated answers.
// A FIFO queue consumed by chat-completion requests that pass validation, like injected faults.
import type { JsonValue } from '@using-ai/core';
import { FAULTS, type Fault, isFault } from './faults';

/** A tool call the scripted answer makes. */
export interface ScriptedToolCall {
  /** The function name (need not be among the request's `tools`: a test may script a model's mistake). */
  name: string;
  /** Arguments as an object (sent as its JSON) or as raw text (sent as is, even if it is not JSON). Default `{}`. */
  arguments?: { [key: string]: JsonValue } | string;
  /** The call id. Default: a stable `call_…` id. */
  id?: string;
}

/** The rate-limit state one response reports in its `X-RateLimit-*` headers. */
export interface ScriptedRateLimit {
  /** `X-RateLimit-Limit`. */
  limit?: number;
  /** `X-RateLimit-Remaining`. */
  remaining?: number;
  /** `X-RateLimit-Reset` in seconds; with the `rate_limit` fault, also `Retry-After`. */
  resetSeconds?: number;
}

/**
 * What the model answers to the next chat-completion request. Every field is optional: what is left out
 * is the emulator's usual answer (a scripted `text` alone replaces the text and makes no tool calls).
 */
export interface ScriptedAnswer {
  /** The answer text, verbatim (streamed word by word, or in small pieces under a JSON `response_format`). */
  text?: string;
  /** Reasoning (`reasoning_content`) streamed before the answer, on any model. */
  reasoning?: string;
  /** Tool calls, after `text` if both are given; `finish_reason` becomes `tool_calls`. */
  toolCalls?: ScriptedToolCall[];
  /** `finish_reason` of a text answer. Default `stop` (`length` when `max_tokens` cuts it). */
  finishReason?: 'stop' | 'length';
  /** A fault for this answer (an `X-Mock-Fault` header still wins). */
  fault?: Fault;
  /** Rate-limit headers this response reports instead of the key's real window. */
  rateLimit?: ScriptedRateLimit;
}

/** The queue of scripted answers (internal). */
export interface ScriptQueue {
  push(answers: readonly ScriptedAnswer[]): void;
  take(): ScriptedAnswer | undefined;
  list(): ScriptedAnswer[];
  clear(): void;
}

export function createScriptQueue(): ScriptQueue {
  let queue: ScriptedAnswer[] = [];
  return {
    push(answers) {
      queue.push(...answers);
    },
    take: () => queue.shift(),
    list: () => queue.map((a) => ({ ...a })),
    clear() {
      queue = [];
    },
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const FIELDS = ['text', 'reasoning', 'toolCalls', 'finishReason', 'fault', 'rateLimit'];

function problemOf(value: unknown): string | undefined {
  if (!isObject(value)) return 'a scripted answer must be an object';
  const unknown = Object.keys(value).find((k) => !FIELDS.includes(k));
  if (unknown) return `unknown field "${unknown}" (known: ${FIELDS.join(', ')})`;
  for (const name of ['text', 'reasoning'] as const) {
    if (value[name] !== undefined && typeof value[name] !== 'string') return `${name} must be a string`;
  }
  if (value.finishReason !== undefined && value.finishReason !== 'stop' && value.finishReason !== 'length')
    return 'finishReason must be "stop" or "length"';
  if (value.fault !== undefined && !isFault(value.fault))
    return `unknown fault ${JSON.stringify(value.fault)} (known: ${FAULTS.join(', ')})`;
  if (value.toolCalls !== undefined) {
    if (!Array.isArray(value.toolCalls)) return 'toolCalls must be an array';
    for (const call of value.toolCalls) {
      if (!isObject(call) || typeof call.name !== 'string' || call.name === '')
        return 'each tool call needs a name';
      const args = call.arguments;
      if (args !== undefined && typeof args !== 'string' && !isObject(args))
        return 'tool call arguments must be an object or a string';
      if (call.id !== undefined && typeof call.id !== 'string') return 'a tool call id must be a string';
    }
  }
  if (value.rateLimit !== undefined) {
    if (!isObject(value.rateLimit)) return 'rateLimit must be an object';
    for (const [name, n] of Object.entries(value.rateLimit)) {
      if (!['limit', 'remaining', 'resetSeconds'].includes(name)) return `unknown rateLimit field "${name}"`;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
        return `rateLimit.${name} must be an integer >= 0`;
    }
  }
  return undefined;
}

/** Checks answers from an untrusted source (JSON over HTTP, a test's typo); the first problem or the answers. */
export function parseScript(
  value: unknown,
): { ok: true; answers: ScriptedAnswer[] } | { ok: false; message: string } {
  const list = Array.isArray(value) ? value : [value];
  for (const [i, answer] of list.entries()) {
    const problem = problemOf(answer);
    if (problem) return { ok: false, message: `Scripted answer ${i}: ${problem}.` };
  }
  return { ok: true, answers: list as ScriptedAnswer[] };
}

/** The `X-RateLimit-*` headers a scripted answer overrides. */
export function scriptedRateHeaders(rate: ScriptedRateLimit | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (rate?.limit !== undefined) headers['x-ratelimit-limit'] = String(rate.limit);
  if (rate?.remaining !== undefined) headers['x-ratelimit-remaining'] = String(rate.remaining);
  if (rate?.resetSeconds !== undefined) headers['x-ratelimit-reset'] = String(rate.resetSeconds);
  return headers;
}
