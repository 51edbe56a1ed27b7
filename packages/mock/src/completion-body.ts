import type { AssistantResponseMessage, ChatCompletion } from '@using-ai/core';
import type { CompletionPlan } from './plan';

export const SYSTEM_FINGERPRINT = 'fp_using_ai_mock';

/** The non-streaming response body for a plan. */
export function completionBody(plan: CompletionPlan): ChatCompletion {
  const message: AssistantResponseMessage = {
    role: 'assistant',
    content: plan.toolCalls.length > 0 && plan.content.length === 0 ? null : plan.content.join(''),
    refusal: null,
  };
  if (plan.reasoning.length > 0) message.reasoning_content = plan.reasoning.join('');
  if (plan.toolCalls.length > 0) {
    message.tool_calls = plan.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  return {
    id: plan.id,
    object: 'chat.completion',
    created: plan.created,
    model: plan.model,
    choices: [{ index: 0, message, finish_reason: plan.finishReason, logprobs: null }],
    usage: plan.usage,
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
}
