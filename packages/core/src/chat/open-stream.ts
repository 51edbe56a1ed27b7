// The request of one agent-loop step, sent: a ChatStream whose retries are reported in the state.
import { callSafely } from '../call-safely';
import type { ChatStream, UsingAiClient } from '../client-types';
import { buildRequest } from './build-request';
import { toolGate, usesToolGate } from './opt-in-tools';
import type { ChatStore } from './store';
import type { ChatSessionOptions, SendOptions } from './types';

/** What a request is made from (the agent loop's context). */
export interface StreamContext {
  client: UsingAiClient;
  store: ChatStore;
  options(): ChatSessionOptions;
}

/**
 * Sends the step's request, synchronously when it can: tools with a Standard Schema need tool-gate.ts for
 * their JSON Schema, usually loaded since the tools were set; if not, the request waits for it (so do tools
 * with approval: one test instead of two in every bundle) (a promise,
 * `null` if the run was stopped meanwhile). Throws (or rejects) when a schema cannot be converted.
 */
export function openStream(
  { client, store, options }: StreamContext,
  signal: AbortSignal,
  sendOptions: SendOptions,
): ChatStream | Promise<ChatStream | null> {
  // Only tools that need it have a gate (the same test as for their calls: one check to carry, not two).
  const gate = Object.values(options().tools ?? {}).some(usesToolGate) ? toolGate() : undefined;
  if (gate instanceof Promise) {
    return gate.then(() =>
      signal.aborted ? null : openStream({ client, store, options }, signal, sendOptions),
    );
  }
  const { request, headers } = buildRequest(
    options(),
    store.state.messages,
    sendOptions,
    gate?.toolJsonSchema,
  );
  return client.stream(request, {
    signal,
    ...(headers && { headers }),
    onRetry(event) {
      if (signal.aborted) return;
      store.set({
        status: 'waiting',
        retry: {
          attempt: event.attempt,
          at: Date.now() + event.delayMs,
          reason: event.reason,
          error: event.error,
        },
      });
      callSafely(options().onRetry, event);
    },
  });
}
