// Produces the HTTP response for a valid, authorised chat-completion request, faults included.
import type { ChatCompletionRequest, ModelInfo } from '@using-ai/core';
import { planChunks } from './chunks';
import { completionBody } from './completion-body';
import { sleep, untilAborted } from './delay';
import type { Fault } from './faults';
import type { MockConfig } from './options';
import { planCompletion } from './plan';
import { errorResponse, type HeaderMap } from './responses';
import type { ScriptedAnswer } from './script';
import { sseStream } from './sse-stream';
import { MID_STREAM_ERROR, streamSteps } from './stream-steps';

export interface ChatResponseInput {
  request: ChatCompletionRequest;
  model: ModelInfo;
  fault: Fault | undefined;
  script?: ScriptedAnswer | undefined;
  config: () => MockConfig;
  nowMs: number;
  requestNumber: number;
  signal: AbortSignal;
  headers: HeaderMap;
  /** Bookkeeping of open streams, so close() can end them and tests can see generation stop. */
  track: (stop: () => void) => () => void;
  /** How the response ended, for the request log (called once, when the last byte is decided). */
  onEnd: (outcome: 'completed' | 'cancelled' | 'error') => void;
}

function erroringBody(text: string): ReadableStream<Uint8Array> {
  const half = new TextEncoder().encode(text.slice(0, Math.floor(text.length / 2)));
  let sent = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(half);
        return;
      }
      controller.error(new Error('using-ai mock: drop_mid_stream fault'));
    },
  });
}

export async function chatResponse(input: ChatResponseInput): Promise<Response> {
  const { request, fault, headers, signal } = input;
  const config = input.config();
  const plan = planCompletion({
    request,
    model: input.model,
    seed: config.seed,
    nowMs: input.nowMs,
    requestNumber: input.requestNumber,
    fault,
    script: input.script,
  });

  if (request.stream) {
    const stop = new AbortController();
    const onClientAbort = () => stop.abort();
    signal.addEventListener('abort', onClientAbort, { once: true });
    // close() ends the stream on the server's side: an error, not a client that left.
    let serverClosed = false;
    const untrack = input.track(() => {
      serverClosed = true;
      stop.abort();
    });
    const steps = streamSteps(planChunks(plan, request.stream_options?.include_usage === true), fault);
    const body = sseStream({
      steps,
      config: input.config,
      signal: stop.signal,
      onEnd: (result) => {
        signal.removeEventListener('abort', onClientAbort);
        untrack();
        if (serverClosed) input.onEnd('error');
        else if (signal.aborted || result === 'cancelled') input.onEnd('cancelled');
        else if (result === 'failed' || fault === 'error_event') input.onEnd('error');
        else input.onEnd('completed');
      },
    });
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        'x-accel-buffering': 'no',
        ...headers,
      },
    });
  }

  if (fault === 'error_event') {
    input.onEnd('error');
    return errorResponse(500, 'server_error', MID_STREAM_ERROR.error.message, headers);
  }
  if (fault === 'stall') {
    // Holds the response until the client gives up or the server closes.
    const stop = new AbortController();
    const untrack = input.track(() => stop.abort());
    const onAbort = () => stop.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    await untilAborted(stop.signal);
    signal.removeEventListener('abort', onAbort);
    untrack();
    input.onEnd(signal.aborted ? 'cancelled' : 'error');
    return errorResponse(504, 'upstream_timeout', 'The request stalled (stall fault).', headers);
  }

  const tokens = plan.reasoning.length + plan.content.length;
  const paced = config.ttftMs + (config.tokensPerSecond > 0 ? (tokens * 1000) / config.tokensPerSecond : 0);
  if (!(await sleep(paced, signal))) input.onEnd('cancelled');
  else input.onEnd(fault === 'drop_mid_stream' ? 'error' : 'completed');

  const text = JSON.stringify(completionBody(plan));
  const jsonHeaders = { 'content-type': 'application/json; charset=utf-8', ...headers };
  if (fault === 'drop_mid_stream')
    return new Response(erroringBody(text), { status: 200, headers: jsonHeaders });
  if (fault === 'malformed_chunk')
    return new Response(text.slice(0, Math.floor(text.length / 2)), { status: 200, headers: jsonHeaders });
  return new Response(text, { status: 200, headers: jsonHeaders });
}
