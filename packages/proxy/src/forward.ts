// The one upstream call: fixed URL, built headers, a deadline for the response headers, and the
// client's disconnect wired to abort it, made by the proxy's upstream client (upstream-client.ts). Success bodies stream through the pass-through steps
// (key scrubbing, usage); error bodies are small, so they are read, scrubbed of the key and reshaped
// if they are not the API's.
import type { Usage } from '@using-ai/core';
import { isApiErrorBody } from '@using-ai/core/server';
import { errorReply, type HeaderRecord, jsonReply, type Reply, replyResponse } from './error-response';
import { scrubText } from './key-scrubber';
import { createPassThroughSteps } from './pass-through';
import { streamBody } from './stream-body';
import type { UpstreamBody, UpstreamClient, UpstreamResponse } from './upstream-client';
import { unreadableEncoding } from './upstream-encoding';
import { clientResponseHeaders, isEventStream, upstreamRequestHeaders } from './upstream-headers';

const MAX_ERROR_BODY = 1_048_576;

/** Status a client that already left is answered with; nobody reads it, but adapters need an answer. */
const CLIENT_CLOSED = 499;

/** The one upstream call a request may make: the URL is fixed, the headers are built from the key. */
export interface UpstreamCall {
  url: string;
  method: 'GET' | 'POST';
  apiKey: string;
  timeoutMs: number;
  /** Longest upstream silence after the response headers. */
  idleTimeoutMs: number;
  body?: string;
  accept: string;
  usage?: { onUsage: (usage: Usage) => void; dropUsageChunk: boolean } | undefined;
  /** Set for a streamed completion made durable (resume/): the client `authorize` named, or `null`. */
  owner?: string | null | undefined;
}

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

/** A 2xx body the proxy could not read to scrub the key from (see upstream-encoding.ts). */
export function encodingRefusal(contentEncoding: string | null, apiKey: string): Reply | null {
  const encoding = unreadableEncoding(contentEncoding);
  if (encoding === null) return null;
  const shown = scrubText(encoding, apiKey).slice(0, 64);
  return errorReply(
    502,
    'upstream_error',
    `The API answered in an encoding the proxy cannot read: ${shown}.`,
  );
}

/** The upstream call; `signal` is the client's (its abort aborts the call and the body). */
export async function forwardUpstream(
  call: UpstreamCall,
  signal: AbortSignal,
  client: UpstreamClient,
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
  const done = () => signal.removeEventListener('abort', onClientGone);

  let upstream: UpstreamResponse;
  try {
    upstream = await client({
      url: call.url,
      method: call.method,
      headers: upstreamRequestHeaders(call.apiKey, call.accept, call.body !== undefined),
      body: call.body,
      signal: abort.signal,
    });
  } catch {
    done();
    return replyResponse(upstreamFailure(call.timeoutMs, timedOut, signal.aborted));
  } finally {
    clearTimeout(timer);
  }

  const headers = clientResponseHeaders(upstream.header, call.apiKey);
  if (upstream.status < 200 || upstream.status > 599) {
    // Fetch cannot even build a Response with such a status; one answer on every adapter.
    done();
    await upstream.body?.cancel().catch(() => {});
    return replyResponse(
      errorReply(502, 'upstream_error', `The API answered with the invalid status ${upstream.status}.`),
    );
  }
  if (upstream.status > 299) {
    done();
    let text = '';
    try {
      text = await readCapped(upstream.body);
    } catch {
      // A broken error body still gets the status through, reshaped.
    }
    return replyResponse(upstreamErrorReply(upstream.status, text, headers, call.apiKey));
  }
  const refused = encodingRefusal(upstream.header('content-encoding'), call.apiKey);
  if (refused) {
    done();
    await upstream.body?.cancel().catch(() => {});
    return replyResponse(refused);
  }
  if (upstream.body === null || upstream.status === 204 || upstream.status === 205) {
    // A completion always has a body; a client cannot read "no content" as an answer.
    done();
    await upstream.body?.cancel().catch(() => {});
    return replyResponse(
      errorReply(502, 'upstream_error', `The API answered ${upstream.status} without a body.`, headers),
    );
  }
  // From here the body's cancellation (the client left) stops the upstream read; the signal is no longer
  // needed, and an abort now would turn a client leaving into an error the adapter logs. A durable stream
  // is the exception: its signal is not the client's but the stream's own (stop, abandonment), and it must
  // end the upstream call mid-body.
  if (call.owner === undefined) done();
  const { usage } = call;
  const eventStream = isEventStream(headers);
  const steps = createPassThroughSteps({
    secret: call.apiKey,
    usage:
      usage === undefined
        ? undefined
        : eventStream
          ? { kind: 'sse', dropUsageChunk: usage.dropUsageChunk, onUsage: usage.onUsage }
          : { kind: 'json', onUsage: usage.onUsage },
  });
  const body = streamBody(upstream.body, steps, {
    idleMs: call.idleTimeoutMs,
    onIdle: (sentAny) => idleTail(call.idleTimeoutMs, eventStream, sentAny),
  });
  return new Response(body, { status: upstream.status, headers });
}

const encoder = new TextEncoder();

/** How a stream upstream stopped feeding ends: an SSE error event, the JSON error if nothing was sent, else a cut. */
function idleTail(idleMs: number, eventStream: boolean, sentAny: boolean): Uint8Array | null {
  const reply = errorReply(504, 'upstream_timeout', `The API sent nothing for ${idleMs} ms.`);
  if (eventStream) return encoder.encode(`data: ${reply.body}\n\n`);
  return sentAny ? null : encoder.encode(reply.body ?? '');
}

async function readCapped(reader: UpstreamBody | null): Promise<string> {
  if (reader === null) return '';
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (text.length > MAX_ERROR_BODY) {
      await reader.cancel();
      break;
    }
  }
  return text + decoder.decode();
}
