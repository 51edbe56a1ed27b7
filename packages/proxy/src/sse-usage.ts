// Finds the usage chunk in an OpenAI-style SSE stream. Pure text functions: the stream plumbing in
// pass-through.ts feeds them and decides what reaches the client.
import type { Usage } from '@using-ai/core';

// Cheap pre-filter so only the (rare) lines that can carry usage are parsed as JSON.
const HAS_USAGE_OBJECT = /"usage"\s*:\s*\{/;
const EVENT_END = /\r\n\r\n|\n\n|\r\r/;

export interface UsageChunk {
  usage: Usage;
  /** True for the extra chunk `include_usage` adds: `choices: []` plus `usage`. */
  usageOnly: boolean;
}

/** Reads one `data:` payload; returns its usage when it carries one. */
export function usageFromData(data: string): UsageChunk | null {
  if (!HAS_USAGE_OBJECT.test(data)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { usage, choices } = parsed as { usage?: unknown; choices?: unknown };
  if (!isUsage(usage)) return null;
  return { usage, usageOnly: Array.isArray(choices) && choices.length === 0 };
}

export function isUsage(value: unknown): value is Usage {
  if (typeof value !== 'object' || value === null) return false;
  const usage = value as Record<string, unknown>;
  return (
    typeof usage.prompt_tokens === 'number' &&
    typeof usage.completion_tokens === 'number' &&
    typeof usage.total_tokens === 'number'
  );
}

/** The `data` of an SSE event (its `data:` lines joined by "\n"), or `null` when it has none. */
export function eventData(event: string): string | null {
  let data: string | null = null;
  for (const line of event.split(/\r\n|\r|\n/)) {
    if (!line.startsWith('data:')) continue;
    const value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
    data = data === null ? value : `${data}\n${value}`;
  }
  return data;
}

/** Splits buffered SSE text into complete events (each with its terminator) and the unfinished rest. */
export function splitEvents(buffer: string): { events: string[]; rest: string } {
  const events: string[] = [];
  let rest = buffer;
  for (let match = EVENT_END.exec(rest); match !== null; match = EVENT_END.exec(rest)) {
    const end = match.index + match[0].length;
    events.push(rest.slice(0, end));
    rest = rest.slice(end);
  }
  return { events, rest };
}

/** Splits buffered text into complete lines and the unfinished rest (for watching without holding bytes). */
export function splitLines(buffer: string): { lines: string[]; rest: string } {
  const parts = buffer.split(/\r\n|\n|\r(?!$)/);
  const rest = parts.pop() ?? '';
  return { lines: parts, rest };
}
