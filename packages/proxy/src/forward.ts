// The one upstream call: fixed URL, three headers, a deadline for the response headers, and the
// client's disconnect wired to abort it. Success bodies stream through the pass-through transform;
// error bodies are small, so they are read, scrubbed of the key and reshaped if they are not the API's.
// The pure parts (what a failure answers, how an error body is reshaped, which transform a body gets)
// are shared with the Node lane (node-lane.ts); `forwardUpstream` is the Fetch lane's call.
import { isApiErrorBody } from '@using-ai/core/server';
import { attachDirectBody, directBodyOf, transformDirect } from './direct-body';
import { errorReply, type HeaderRecord, jsonReply, type Reply, replyResponse } from './error-response';
import { scrubText } from './key-scrubber';
import { type ChunkTransform, createPassThroughSteps, pipeBody } from './pass-through';
import type { UpstreamCall } from './proxy-internals';
import { clientResponseHeaders, isEventStream, upstreamRequestHeaders } from './upstream-headers';

const MAX_ERROR_BODY = 1_048_576;

/** Status a client that already left is answered with; nobody reads it, but adapters need an answer. */
const CLIENT_CLOSED = 499;

/** The answer when no upstream response headers arrived. */
export function upstreamFailure(timeoutMs: number, timedOut: boolean, clientGone: boolean): Reply {
  if (timedOut) return errorReply(504, 'upstream_timeout', `The API did not answer within ${timeoutMs} ms.`);
  if (clientGone) return errorReply(CLIENT_CLOSED, 'client_closed_request', 'The client closed the request.');
  return errorReply(502, 'upstream_unreachable', 'The API could not be reached.');
}

/** An upstream error (status outside 2xx): its body scrubbed of the key, reshaped unless it is the API's. */
export function upstreamErrorReply(
  status: number,
  text: string,
  headers: HeaderRecord,
  apiKey: string,
): Reply {
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(scrubText(text, apiKey));
  } catch {}
  if (isApiErrorBody(parsed)) return jsonReply(status, parsed, headers);
  const shown = status >= 400 ? status : 502;
  const type = shown >= 500 ? 'upstream_error' : 'invalid_request_error';
  return errorReply(shown, type, `The API answered ${status} without an error body.`, headers);
}

/** One transform per response: whichever lane writes the body runs it exactly once. */
export function passThroughFor(headers: HeaderRecord, call: UpstreamCall): ChunkTransform {
  const { usage } = call;
  if (usage === undefined) return createPassThroughSteps({ secret: call.apiKey });
  return createPassThroughSteps({
    secret: call.apiKey,
    usage: isEventStream(headers)
      ? { kind: 'sse', dropUsageChunk: usage.dropUsageChunk, onUsage: usage.onUsage }
      : { kind: 'json', onUsage: usage.onUsage },
  });
}

/** Collects an error body as text, up to about `MAX_ERROR_BODY` characters. */
export function errorBodyText(): { push(chunk: Uint8Array): boolean; text(): string } {
  const decoder = new TextDecoder();
  let text = '';
  return {
    /** Returns false once enough was read. */
    push(chunk) {
      text += decoder.decode(chunk, { stream: true });
      return text.length <= MAX_ERROR_BODY;
    },
    text: () => text + decoder.decode(),
  };
}

/** The Fetch lane's upstream call; `signal` is the client's (its abort aborts the call). */
export async function forwardUpstream(
  call: UpstreamCall,
  signal: AbortSignal,
  fetchImpl: typeof fetch | undefined,
): Promise<Response> {
  const abort = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, call.timeoutMs);
  const onClientGone = () => abort.abort();
  if (signal.aborted) abort.abort();
  else signal.addEventListener('abort', onClientGone, { once: true });

  let upstream: Response;
  try {
    upstream = await (fetchImpl ?? globalThis.fetch)(call.url, {
      method: call.method,
      headers: upstreamRequestHeaders(call.apiKey, call.accept, call.body !== undefined),
      body: call.body,
      signal: abort.signal,
      redirect: 'manual',
    });
  } catch {
    signal.removeEventListener('abort', onClientGone);
    return replyResponse(upstreamFailure(call.timeoutMs, timedOut, signal.aborted));
  } finally {
    clearTimeout(timer);
  }

  const headersOut = clientResponseHeaders((name) => upstream.headers.get(name), call.apiKey);
  if (!upstream.ok) {
    signal.removeEventListener('abort', onClientGone);
    let text = '';
    try {
      text = await readCapped(upstream);
    } catch {
      // A broken error body still gets the status through, reshaped.
    }
    return replyResponse(upstreamErrorReply(upstream.status, text, headersOut, call.apiKey));
  }
  if (upstream.body === null) {
    signal.removeEventListener('abort', onClientGone);
    return new Response(null, { status: upstream.status, headers: headersOut });
  }

  const steps = passThroughFor(headersOut, call);
  const direct = directBodyOf(upstream);
  const response = new Response(pipeBody(upstream.body, steps), {
    status: upstream.status,
    headers: headersOut,
  });
  return direct ? attachDirectBody(response, transformDirect(direct, steps)) : response;
}

async function readCapped(response: Response): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const collected = errorBodyText();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!collected.push(value)) {
      await reader.cancel();
      break;
    }
  }
  return collected.text();
}
