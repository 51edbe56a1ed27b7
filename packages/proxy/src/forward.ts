// The one upstream call: fixed URL, three headers, a deadline for the response headers, and the
// client's disconnect wired to abort it. Success bodies stream through the pass-through transform;
// error bodies are small, so they are read, scrubbed of the key and reshaped if they are not the API's.
import type { Usage } from '@using-ai/core';
import { isApiErrorBody } from '@using-ai/core';
import { attachDirectBody, directBodyOf, transformDirect } from './direct-body';
import { errorResponse, jsonResponse } from './error-response';
import { scrubText } from './key-scrubber';
import { createPassThroughSteps, pipeBody, type UsageWatch } from './pass-through';
import { clientResponseHeaders, upstreamRequestHeaders } from './upstream-headers';

export interface ForwardOptions {
  url: string;
  method: 'GET' | 'POST';
  apiKey: string;
  /** The client's request: only its abort signal is used. */
  request: Request;
  timeoutMs: number;
  fetch: typeof fetch | undefined;
  body?: string;
  accept?: string;
  usage?: { onUsage: (usage: Usage) => void; dropUsageChunk: boolean } | undefined;
}

const MAX_ERROR_BODY = 1_048_576;

/** Status a client that already left is answered with; nobody reads it, but adapters need a Response. */
const CLIENT_CLOSED = 499;

export async function forwardUpstream(options: ForwardOptions): Promise<Response> {
  const { request, apiKey } = options;
  const abort = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, options.timeoutMs);
  const onClientGone = () => abort.abort();
  if (request.signal.aborted) abort.abort();
  else request.signal.addEventListener('abort', onClientGone, { once: true });

  const headers = upstreamRequestHeaders(apiKey, options.accept ?? 'application/json');
  if (options.body === undefined) headers.delete('content-type');

  let upstream: Response;
  try {
    const fetchImpl = options.fetch ?? globalThis.fetch;
    upstream = await fetchImpl(options.url, {
      method: options.method,
      headers,
      body: options.body,
      signal: abort.signal,
      redirect: 'manual',
    });
  } catch {
    request.signal.removeEventListener('abort', onClientGone);
    if (timedOut) {
      return errorResponse(504, 'upstream_timeout', `The API did not answer within ${options.timeoutMs} ms.`);
    }
    if (request.signal.aborted) {
      return errorResponse(CLIENT_CLOSED, 'client_closed_request', 'The client closed the request.');
    }
    return errorResponse(502, 'upstream_unreachable', 'The API could not be reached.');
  } finally {
    clearTimeout(timer);
  }

  const headersOut = clientResponseHeaders(upstream.headers, apiKey);
  if (!upstream.ok) {
    request.signal.removeEventListener('abort', onClientGone);
    return upstreamError(upstream, headersOut, apiKey);
  }
  if (upstream.body === null) {
    request.signal.removeEventListener('abort', onClientGone);
    return new Response(null, { status: upstream.status, headers: headersOut });
  }

  const isSse = headersOut.get('content-type')?.includes('text/event-stream') === true;
  const watch: UsageWatch | undefined =
    options.usage === undefined
      ? undefined
      : isSse
        ? { kind: 'sse', dropUsageChunk: options.usage.dropUsageChunk, onUsage: options.usage.onUsage }
        : { kind: 'json', onUsage: options.usage.onUsage };
  // One set of steps per response: whichever lane the adapter takes runs it exactly once.
  const steps = createPassThroughSteps({ secret: apiKey, usage: watch });
  const direct = directBodyOf(upstream);
  const response = new Response(pipeBody(upstream.body, steps), {
    status: upstream.status,
    headers: headersOut,
  });
  return direct ? attachDirectBody(response, transformDirect(direct, steps)) : response;
}

async function upstreamError(upstream: Response, headers: Headers, apiKey: string): Promise<Response> {
  let text = '';
  try {
    text = await readCapped(upstream, MAX_ERROR_BODY);
  } catch {
    // A broken error body still gets the status through, reshaped below.
  }
  const scrubbed = scrubText(text, apiKey);
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(scrubbed);
  } catch {}
  headers.set('content-type', 'application/json');
  if (isApiErrorBody(parsed)) return jsonResponse(upstream.status, parsed, headers);
  const status = upstream.status >= 400 ? upstream.status : 502;
  const type = status >= 500 ? 'upstream_error' : 'invalid_request_error';
  return errorResponse(status, type, `The API answered ${upstream.status} without an error body.`, headers);
}

async function readCapped(response: Response, max: number): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (text.length > max) {
      await reader.cancel();
      break;
    }
  }
  return text + decoder.decode();
}
