// The SSE script of one streaming response: which events go out, paced how, and where a fault strikes.
// Pure, so the fault behaviour is testable without a server.
import type { ChatCompletionChunk } from '@using-ai/core';
import type { Fault } from './faults';

export type Pace = 'ttft' | 'token' | 'none';

export type StreamStep =
  | { kind: 'data'; text: string; pace: Pace }
  /** Cut the connection without finishing the HTTP response. */
  | { kind: 'drop' }
  /** Go silent until the client leaves or the server closes. */
  | { kind: 'stall' };

export const MALFORMED_EVENT =
  'data: {"id":"chatcmpl-malformed","object":"chat.completion.chunk","choices":[{"delta":{"content":\n\n';

export const MID_STREAM_ERROR = {
  error: { type: 'server_error', message: 'The model provider failed mid-stream. Please retry.' },
};

function event(data: string): string {
  return `data: ${data}\n\n`;
}

function paceOf(chunk: ChatCompletionChunk, index: number): Pace {
  if (index === 0) return 'ttft';
  const delta = chunk.choices[0]?.delta;
  if (!delta) return 'none';
  return delta.content || delta.reasoning_content || delta.tool_calls ? 'token' : 'none';
}

export function streamSteps(chunks: readonly ChatCompletionChunk[], fault: Fault | undefined): StreamStep[] {
  // Faults strike after the role chunk and at least one token, halfway through the body.
  const middle = Math.max(2, Math.floor(chunks.length / 2));
  const steps: StreamStep[] = [];
  for (const [index, chunk] of chunks.entries()) {
    if (index === middle) {
      if (fault === 'drop_mid_stream') return [...steps, { kind: 'drop' }];
      if (fault === 'stall') return [...steps, { kind: 'stall' }];
      if (fault === 'error_event')
        return [...steps, { kind: 'data', text: event(JSON.stringify(MID_STREAM_ERROR)), pace: 'token' }];
      if (fault === 'malformed_chunk') steps.push({ kind: 'data', text: MALFORMED_EVENT, pace: 'token' });
    }
    steps.push({ kind: 'data', text: event(JSON.stringify(chunk)), pace: paceOf(chunk, index) });
  }
  if (middle >= chunks.length) {
    if (fault === 'drop_mid_stream') return [...steps, { kind: 'drop' }];
    if (fault === 'stall') return [...steps, { kind: 'stall' }];
    if (fault === 'error_event')
      return [...steps, { kind: 'data', text: event(JSON.stringify(MID_STREAM_ERROR)), pace: 'token' }];
  }
  if (fault !== 'missing_done') steps.push({ kind: 'data', text: event('[DONE]'), pace: 'none' });
  return steps;
}
