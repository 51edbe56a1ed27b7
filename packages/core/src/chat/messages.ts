// Pure conversions between the chat's UI messages and the API's wire messages.
import type { AssistantMessage } from '../client-types';
import type { ChatMessage, FunctionTool, ToolCall, Usage } from '../types';
import { toolJsonSchema } from './tool-args-validation';
import type { ChatMessageInput, ChatSessionMessage, ChatTool, ChatToolCall, ChatUsage } from './types';

/**
 * Fills the optional fields of a message given by the user (initialMessages, setMessages, send). A tool
 * call saved while it was running (e.g. persisted on page hide) cannot be running any more: it is marked
 * stopped, so the restored chat is not blocked waiting for it.
 */
export function toSessionMessage(input: ChatMessageInput, id: string): ChatSessionMessage {
  const { content, ...rest } = input;
  const parts = typeof content === 'string' ? input.parts : content;
  return {
    reasoning: '',
    usage: null,
    finishReason: null,
    ...rest,
    toolCalls: (input.toolCalls ?? []).map((call) =>
      // A call awaiting approval cannot be approved either: no loop waits for it any more.
      call.state === 'running' || call.state === 'streaming' || call.state === 'awaiting-approval'
        ? stoppedCall(call)
        : call,
    ),
    id: input.id ?? id,
    content: typeof content === 'string' ? content : textOf(content),
    ...(parts && { parts }),
  };
}

function textOf(parts: readonly { type: string; text?: string }[]): string {
  return parts.map((part) => part.text ?? '').join('');
}

/**
 * A call that can no longer finish (stopped, or saved while it ran). Arguments cut off mid-stream stay
 * unparsed (`args: undefined`); such a call is not sent back to the model (see `isCutOff`).
 */
export function stoppedCall(call: ChatToolCall): ChatToolCall {
  return { ...call, state: 'error', error: 'Stopped', args: call.args ?? parseArgs(call.function.arguments) };
}

/** A call stopped before its arguments were complete JSON: the API would get half an object. */
function isCutOff(call: ChatToolCall): boolean {
  return call.state === 'streaming' || (call.error === 'Stopped' && call.args === undefined);
}

/** Arguments as JSON; `{}` for an empty string, `undefined` when the model wrote invalid JSON. */
export function parseArgs(text: string): unknown {
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toChatToolCall(call: ToolCall, complete: boolean): ChatToolCall {
  return {
    id: call.id,
    type: call.type,
    // Copied: the stream's accumulator may keep appending to its own objects.
    function: { name: call.function.name, arguments: call.function.arguments },
    state: complete ? 'pending' : 'streaming',
    args: complete ? parseArgs(call.function.arguments) : undefined,
  };
}

/** The fields of an assistant message taken from the stream's accumulated message. */
export function assistantFields(message: AssistantMessage, complete: boolean) {
  return {
    content: message.content,
    reasoning: message.reasoning,
    toolCalls: message.toolCalls.map((call) => toChatToolCall(call, complete)),
    usage: message.usage,
    finishReason: message.finishReason,
    model: message.model,
  };
}

/** A tool result as the text the model receives; throws when it cannot be JSON-encoded (cycles, BigInt). */
export function encodeToolResult(result: unknown): string {
  return typeof result === 'string' ? result : (JSON.stringify(result) ?? '');
}

/** What is sent back to the model as a tool message's content. */
export function toolResultContent(call: ChatToolCall): string {
  if (call.state !== 'error') {
    try {
      return encodeToolResult(call.result);
    } catch {
      // Only a result restored from outside (setMessages, initialMessages) gets here; live ones are checked.
    }
  }
  return JSON.stringify({ error: call.error ?? 'Tool failed' });
}

/**
 * The request's `messages`: the system prompt, then each message; an assistant message with tool calls
 * is followed by one `tool` message per call. Calls whose arguments never finished streaming (a stopped
 * or broken answer) are left out, and so are empty answers, which the API would reject.
 */
export function toRequestMessages(messages: readonly ChatSessionMessage[], system?: string): ChatMessage[] {
  const out: ChatMessage[] = system ? [{ role: 'system', content: system }] : [];
  for (const message of messages) {
    if (message.role === 'user') out.push({ role: 'user', content: message.parts ?? message.content });
    else if (message.role === 'system') out.push({ role: 'system', content: message.content });
    else {
      const calls = message.toolCalls.filter((call) => !isCutOff(call));
      if (!calls.length) {
        if (message.content) out.push({ role: 'assistant', content: message.content });
        continue;
      }
      out.push({
        role: 'assistant',
        content: message.content || null,
        tool_calls: calls.map(({ id, type, function: fn }) => ({ id, type, function: { ...fn } })),
      });
      for (const call of calls) {
        out.push({ role: 'tool', tool_call_id: call.id, content: toolResultContent(call) });
      }
    }
  }
  return out;
}

/** The request's `tools`, or `undefined` when there are none. */
export function toRequestTools(tools: Record<string, ChatTool> | undefined): FunctionTool[] | undefined {
  const entries = Object.entries(tools ?? {});
  if (!entries.length) return undefined;
  return entries.map(([name, tool]) => ({
    type: 'function',
    function: {
      name,
      ...(tool.description !== undefined && { description: tool.description }),
      ...(tool.parameters !== undefined && { parameters: toolJsonSchema(tool.parameters) }),
    },
  }));
}

/** Usage of the latest answer and the sum over all answers in the chat. */
export function sumUsage(messages: readonly ChatSessionMessage[]): ChatUsage {
  let last: Usage | null = null;
  const total: Usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
  for (const { usage } of messages) {
    if (!usage) continue;
    last = usage;
    total.prompt_tokens += usage.prompt_tokens;
    total.completion_tokens += usage.completion_tokens;
    total.total_tokens += usage.total_tokens;
  }
  return { last, total };
}

/** Whether the last message has tool calls still waiting for a result. */
export function hasOutstandingToolCalls(messages: readonly ChatSessionMessage[]): boolean {
  const last = messages[messages.length - 1];
  return !!last && last.toolCalls.some((call) => call.state === 'pending' || call.state === 'running');
}
