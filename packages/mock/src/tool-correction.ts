// How an agentic model recovers from its own bad tool call: when the last assistant turn called a tool
// with arguments that break the tool's schema (the invalid_tool_args fault makes one), and the results
// have come back (usually an error), the model calls that tool again with valid arguments instead of
// answering. The corrected arguments are checked too, so a schema the emulator cannot fill never loops.
import type { ChatMessage, FunctionTool } from '@using-ai/core';
import type { Fault } from './faults';
import { stableId } from './random';
import { breakSchema } from './schema-check';
import type { PlannedToolCall } from './tool-selection';
import { argumentsProblem, parseArguments, validArguments } from './valid-arguments';

/** The calls that redo the last assistant turn's invalid calls; empty when there is nothing to correct. */
export function correctedCalls(
  messages: readonly ChatMessage[],
  tools: readonly FunctionTool[],
  userText: string,
  idKey: string,
): PlannedToolCall[] {
  let last: ChatMessage | undefined;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (!message || message.role === 'user') break;
    if (message.role === 'assistant' && message.tool_calls?.length) {
      last = message;
      break;
    }
  }
  if (last?.role !== 'assistant') return [];
  const calls: PlannedToolCall[] = [];
  for (const [index, call] of (last.tool_calls ?? []).entries()) {
    const tool = tools.find((t) => t.function.name === call.function.name);
    if (!tool || !argumentsProblem(tool, call.function.arguments)) continue;
    const fixed = validArguments(tool, userText, index);
    if (fixed === undefined) continue;
    calls.push({ id: stableId('call_', `${idKey}#fix${index}`), name: tool.function.name, arguments: fixed });
  }
  return calls;
}

/** The invalid_tool_args fault: the first planned call's arguments broken against its tool's schema. */
export function withInvalidArguments(
  calls: readonly PlannedToolCall[],
  tools: readonly FunctionTool[],
  fault: Fault | undefined,
): PlannedToolCall[] {
  const [first, ...rest] = calls;
  if (fault !== 'invalid_tool_args' || !first) return [...calls];
  const tool = tools.find((t) => t.function.name === first.name);
  const value = parseArguments(first.arguments) ?? {};
  const broken = JSON.stringify(breakSchema(value, tool?.function.parameters ?? { type: 'object' }));
  return [{ ...first, arguments: broken }, ...rest];
}
