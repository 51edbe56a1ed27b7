// The request of one agent-loop step, from the session's options, the send's options and the messages.
import type { ChatCompletionRequest } from '../types';
import { toRequestMessages, toRequestTools } from './messages';
import type { ChatSessionMessage, ChatSessionOptions, SendOptions } from './types';

/** Options that configure the session rather than the request (`client` comes from UI bindings). */
const SESSION_ONLY_KEYS = [
  'id',
  'initialMessages',
  'tools',
  'maxSteps',
  'onToolCall',
  'onFinish',
  'onError',
  'onRetry',
  'throttle',
  'scheduler',
  'client',
];

/** Whether an option key configures the session (never sent to the API). */
export function isSessionOnlyKey(key: string): boolean {
  return SESSION_ONLY_KEYS.includes(key);
}

export function buildRequest(
  options: ChatSessionOptions,
  messages: readonly ChatSessionMessage[],
  sendOptions: SendOptions,
): { request: ChatCompletionRequest; headers: HeadersInit | undefined } {
  const fromOptions = Object.fromEntries(
    Object.entries(options).filter(([key]) => !isSessionOnlyKey(key)),
  ) as SendOptions;
  const { system, headers, ...params } = { ...fromOptions, ...sendOptions };
  const requestTools = toRequestTools(options.tools);
  return {
    headers,
    request: {
      ...params,
      // A missing model is left to the API, which answers with a typed 400.
      model: params.model as string,
      messages: toRequestMessages(messages, system),
      stream: true,
      stream_options: { include_usage: true },
      ...(requestTools && { tools: requestTools }),
    },
  };
}
