// What a model "says" for a request, decided up front and purely: reasoning tokens, answer tokens or
// tool calls, the finish reason and the usage. Streaming and non-streaming responses are both views of it.
import type { ChatCompletionRequest, ChatMessage, FinishReason, ModelInfo, Usage } from '@using-ai/core';
import type { Fault } from './faults';
import { createRandom, hashString, stableId } from './random';
import { applyStop, formatAnswer, isJsonFormat } from './response-format';
import type { ScriptedAnswer } from './script';
import { answerText, reasoningText, type ToolResult, toolAnswerText } from './text';
import { countPromptTokens, countTokens, jsonPieces, messageText, tokenize } from './tokens';
import { correctedCalls, withInvalidArguments } from './tool-correction';
import { type PlannedToolCall, planToolCalls } from './tool-selection';

export interface CompletionPlan {
  id: string;
  /** Unix seconds. */
  created: number;
  model: string;
  /** Reasoning tokens (thinking models only). */
  reasoning: string[];
  /** Answer tokens; concatenated they form the message content. */
  content: string[];
  toolCalls: PlannedToolCall[];
  finishReason: Extract<FinishReason, 'stop' | 'length' | 'tool_calls'>;
  usage: Usage;
}

export interface PlanInput {
  request: ChatCompletionRequest;
  model: ModelInfo;
  /** Server-wide seed; a request's own `seed` replaces it. */
  seed: number;
  nowMs: number;
  /** Makes the completion id unique per request (the content stays deterministic). */
  requestNumber?: number;
  /** The request's fault; `schema_mismatch` and `invalid_tool_args` change the plan itself. */
  fault?: Fault;
  /** A scripted answer: what it sets replaces the generated text, reasoning or tool calls. */
  script?: ScriptedAnswer;
}

function lastUserText(messages: readonly ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role === 'user') return messageText(message);
  }
  return '';
}

/** Tool results sent after the last user message, i.e. this turn continues a tool call. */
function pendingToolResults(messages: readonly ChatMessage[]): ToolResult[] {
  const results: ToolResult[] = [];
  const names = new Map<string, string>();
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (!message || message.role === 'user') break;
    if (message.role === 'assistant') {
      for (const call of message.tool_calls ?? []) names.set(call.id, call.function.name);
    }
  }
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (!message || message.role === 'user') break;
    if (message.role === 'tool') {
      results.unshift({ name: names.get(message.tool_call_id) ?? 'tool', content: messageText(message) });
    }
  }
  return results;
}

function takeBudget(tokens: string[], budget: number): { kept: string[]; cut: boolean } {
  if (tokens.length <= budget) return { kept: tokens, cut: false };
  return { kept: tokens.slice(0, Math.max(0, budget)), cut: true };
}

export function planCompletion({
  request,
  model,
  seed,
  nowMs,
  requestNumber = 0,
  fault,
  script,
}: PlanInput): CompletionPlan {
  const key = JSON.stringify([request.seed ?? seed, model.id, request.messages]);
  const random = createRandom(hashString(key));
  const userText = lastUserText(request.messages);
  const budget = request.max_completion_tokens ?? request.max_tokens ?? Number.POSITIVE_INFINITY;

  const results = pendingToolResults(request.messages);
  const tools = request.tools ?? [];
  const agentic = model.kind === 'agentic' && request.tool_choice !== 'none';
  const chosen = !agentic
    ? []
    : results.length > 0
      ? correctedCalls(request.messages, tools, userText, key)
      : planToolCalls({
          tools,
          toolChoice: request.tool_choice,
          parallelToolCalls: request.parallel_tool_calls ?? undefined,
          lastUserMessage: userText,
          idKey: key,
        });
  const scriptedCalls = script?.toolCalls?.map((call, i) => ({
    id: call.id ?? stableId('call_', `${key}#${requestNumber}#script${i}`),
    name: call.name,
    arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {}),
  }));
  // A scripted text alone means "answer this", so it makes no generated tool calls.
  const toolCalls = withInvalidArguments(
    scriptedCalls ?? (script?.text !== undefined ? [] : chosen),
    tools,
    fault,
  );

  const reasoning = takeBudget(
    script?.reasoning !== undefined
      ? tokenize(script.reasoning)
      : model.kind === 'thinking'
        ? tokenize(reasoningText(random, userText))
        : [],
    budget,
  );
  let remaining = budget - reasoning.kept.length;

  const toolTokens = toolCalls.reduce((sum, c) => sum + countTokens(c.name) + countTokens(c.arguments), 0);
  let planned = toolCalls;
  let content: { kept: string[]; cut: boolean } = { kept: [], cut: false };
  const format = request.response_format;
  const pieces = (text: string) => (isJsonFormat(format) ? jsonPieces(text, random) : tokenize(text));
  if (toolCalls.length > 0 && toolTokens <= remaining) {
    remaining -= toolTokens;
    // A scripted text goes out before the scripted calls, as a model that says what it is about to do.
    if (script?.text) content = takeBudget(pieces(applyStop(script.text, request.stop).text), remaining);
  } else {
    // A tool call that does not fit in max_tokens is dropped, like a real model running out mid-call.
    planned = [];
    const answer =
      script?.text ??
      formatAnswer(
        results.length > 0 ? toolAnswerText(random, userText, results) : answerText(random, userText),
        userText,
        format,
        fault,
      );
    content = takeBudget(pieces(applyStop(answer, request.stop).text), remaining);
    if (toolCalls.length > 0) content.cut = true;
  }

  const cut = reasoning.cut || content.cut;
  const completionTokens =
    reasoning.kept.length + content.kept.length + (planned.length > 0 ? toolTokens : 0);
  const promptTokens = countPromptTokens(request.messages);
  const usage: Usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
  if (model.kind === 'thinking')
    usage.completion_tokens_details = { reasoning_tokens: reasoning.kept.length };

  return {
    id: stableId('chatcmpl-', `${key}#${requestNumber}`, 29),
    created: Math.floor(nowMs / 1000),
    model: model.id,
    reasoning: reasoning.kept,
    content: content.kept,
    toolCalls: planned,
    finishReason: cut ? 'length' : planned.length > 0 ? 'tool_calls' : (script?.finishReason ?? 'stop'),
    usage,
  };
}
