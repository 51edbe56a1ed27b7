// Decides whether an agentic model calls tools, which ones and with what arguments. The rules are
// deliberately simple so a test (or a demo visitor) can predict them; they are spelled out in the README.
import type { FunctionTool, ToolChoice } from '@using-ai/core';
import { stableId } from './random';
import { deriveArguments, extractCities, extractExpressions, extractTimezones } from './tool-arguments';
import { validArguments } from './valid-arguments';

export interface PlannedToolCall {
  id: string;
  name: string;
  /** JSON text of the arguments. */
  arguments: string;
}

interface Family {
  /** A tool belongs to the family when its name or description uses one of these words. */
  toolWords: RegExp;
  /** The user's message calls for the family when it matches. */
  trigger: RegExp;
  /** How many distinct subjects the message names (two cities → two calls). */
  subjects: (message: string) => number;
}

const FAMILIES: readonly Family[] = [
  {
    toolWords: /weather|forecast|temperature/i,
    trigger:
      /\b(weather|forecast|temperature|rain\w*|sunny|snow\w*|wind\w*|humid\w*|umbrella|hot|cold|warm)\b/i,
    subjects: (m) => extractCities(m).length,
  },
  {
    toolWords: /calculat|calculator|math|arithmetic|comput|evaluat/i,
    trigger:
      /\b(calculate|compute|math|sum|add|plus|minus|times|multiply|multiplied|divide|divided|product)\b|\d\s*[-+*/x×÷^]\s*\d/i,
    subjects: (m) => extractExpressions(m).length,
  },
  {
    toolWords: /\btime\b|_time\b|\btime_|clock|timezone|time zone/i,
    trigger: /\b(what time|time is it|time in|current time|local time|timezone|time zone|clock)\b/i,
    subjects: (m) => extractTimezones(m).length,
  },
];

// Words too common in tool names to signal intent.
const GENERIC_NAME_WORDS = new Set([
  'get',
  'set',
  'fetch',
  'list',
  'run',
  'make',
  'call',
  'tool',
  'info',
  'data',
]);

function nameWords(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 2 && !GENERIC_NAME_WORDS.has(w));
}

function stem(word: string): string {
  return word.replace(/(ies|es|s)$/, '');
}

function familyOf(tool: FunctionTool): Family | undefined {
  const text = `${tool.function.name.replace(/_/g, ' ')} ${tool.function.name} ${tool.function.description ?? ''}`;
  return FAMILIES.find((family) => family.toolWords.test(text));
}

/** How many calls the message asks of `tool` (0 when it does not call for it). */
function callsFor(tool: FunctionTool, message: string): number {
  const family = familyOf(tool);
  if (family) {
    if (!family.trigger.test(message)) return 0;
    return family.subjects(message) >= 2 ? 2 : 1;
  }
  const wanted = new Set((message.toLowerCase().match(/[a-z]{4,}/g) ?? []).map(stem));
  return nameWords(tool.function.name).some((w) => wanted.has(stem(w))) ? 1 : 0;
}

export interface ToolPlanInput {
  tools: readonly FunctionTool[];
  toolChoice: ToolChoice | undefined;
  parallelToolCalls: boolean | undefined;
  lastUserMessage: string;
  /** Seeds the call ids so they are stable for the same request. */
  idKey: string;
}

/** The tool calls an agentic model makes for this turn; empty when it should answer in text. */
export function planToolCalls(input: ToolPlanInput): PlannedToolCall[] {
  const { tools, toolChoice, lastUserMessage: message } = input;
  if (tools.length === 0 || toolChoice === 'none') return [];

  const calls: Array<{ tool: FunctionTool; index: number }> = [];
  if (toolChoice && typeof toolChoice === 'object') {
    const tool = tools.find((t) => t.function.name === toolChoice.function.name);
    if (tool) calls.push({ tool, index: 0 });
  } else {
    for (const tool of tools) {
      const count = callsFor(tool, message);
      for (let i = 0; i < count; i++) calls.push({ tool, index: i });
    }
    const first = tools[0];
    if (calls.length === 0 && toolChoice === 'required' && first) calls.push({ tool: first, index: 0 });
  }

  const limit = input.parallelToolCalls === false ? 1 : 2;
  return calls.slice(0, limit).map(({ tool, index }, position) => ({
    id: stableId('call_', `${input.idKey}#${position}`),
    name: tool.function.name,
    // The derived arguments, unless they break the schema (nested required fields, minItems): then filled.
    arguments: validArguments(tool, message, index) ?? JSON.stringify(deriveArguments(tool, message, index)),
  }));
}
