import { encodeToolResult } from './messages';
import type { ChatSessionMessage, ChatSessionOptions, ChatToolCall, ChatToolContext } from './types';

export type ToolOutcome = Pick<ChatToolCall, 'state' | 'result' | 'error' | 'approval'>;

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * A result (from `execute`, `onToolCall` or `addToolResult`) as an outcome. One the model cannot be sent
 * (a cycle, a BigInt) becomes an error result now, instead of failing every later request of the chat.
 */
export function resultOutcome(result: unknown): ToolOutcome {
  try {
    encodeToolResult(result);
    return { state: 'done', result };
  } catch (error) {
    return { state: 'error', error: `The tool result is not JSON: ${errorText(error)}` };
  }
}

/**
 * Runs one tool call: `onToolCall` first (a defined return value is the result), then the tool's
 * `execute`. A throw becomes an `error` outcome, so a broken tool is reported to the model instead of
 * crashing the chat. `null` means "no one can run it here": the chat waits for `addToolResult`.
 * An abort settles at once as `Stopped`, even if the tool ignores its signal.
 */
export function runToolCall(
  call: ChatToolCall,
  options: Pick<ChatSessionOptions, 'tools' | 'onToolCall'>,
  signal: AbortSignal,
  args: unknown = call.args,
): Promise<ToolOutcome | null> {
  const stopped = new Promise<ToolOutcome>((resolve) => {
    const onAbort = () => resolve({ state: 'error', error: 'Stopped' });
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([run(call, options, { signal, toolCall: call }, args), stopped]);
}

async function run(
  call: ChatToolCall,
  options: Pick<ChatSessionOptions, 'tools' | 'onToolCall'>,
  context: ChatToolContext,
  args: unknown,
): Promise<ToolOutcome | null> {
  const name = call.function.name;
  const tool = options.tools?.[name];
  try {
    if (call.args === undefined) throw new Error(`Invalid JSON in the arguments of ${name}`);
    let result = await options.onToolCall?.(call, context);
    if (result === undefined) {
      if (!tool) throw new Error(`Unknown tool: ${name}`);
      if (!tool.execute) return null;
      result = await tool.execute(args as Record<string, unknown>, context);
    }
    return resultOutcome(result);
  } catch (error) {
    return { state: 'error', error: errorText(error) };
  }
}

/** The message with one call's outcome replaced whole: a `done` call keeps no earlier `error`. */
export function withToolOutcome(
  message: ChatSessionMessage,
  callId: string,
  outcome: ToolOutcome,
): ChatSessionMessage {
  return {
    ...message,
    toolCalls: message.toolCalls.map((call) => {
      if (call.id !== callId) return call;
      const { result: _result, error: _error, ...rest } = call;
      return { ...rest, ...outcome };
    }),
  };
}
