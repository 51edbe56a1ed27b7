// createProxy: one Fetch-standard handler, Request -> Response, that runs anywhere Fetch does (Node
// adapters, Next.js, Hono, Bun, Deno, Workers). `decide` is the one place that decides: each step either
// refuses in the API's error shape or hands on; the upstream call and its stream live in forward.ts.
// There is one path: the Node adapter (node-handler.ts) calls this same handler.
import type { ApiErrorType, ModelList, Usage } from '@using-ai/core';
import { resolveApiKey } from './api-key';
import { readAuthorizeResult } from './authorize';
import { createBodyBudget } from './body-budget';
import { type ClientLimiter, createClientLimiter } from './client-rate-limit';
import { ProxyConfigError } from './config-error';
import { corsAllows, createCorsPolicy, withHeaders } from './cors';
import { errorResponse, type HeaderRecord, jsonReply, replyResponse } from './error-response';
import { forwardUpstream, type UpstreamCall } from './forward';
import type { AllowedModel, ProxyHandler, ProxyModelInfo, ProxyOptions, UsageEvent } from './options';
import { readBody } from './read-body';
import { forwardDurable } from './resume/forward-durable';
import { resumeRuntime } from './resume/options';
import { matchStreamRoute, streamRouteResponse } from './resume/routes';
import { matchRoute, type Route } from './route';
import { fetchUpstream } from './upstream-client';
import { upstreamUrls } from './upstream-url';
import { allowedModelIds, validateChatRequest } from './validate-request';

/** Default `maxBodyBytes`: the largest request body accepted, 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;
/** Default `timeoutMs`: the longest wait for upstream's response headers, 120 s. */
export const DEFAULT_TIMEOUT_MS = 120_000;
/** Default `bodyTimeoutMs`: the longest time to receive a request body, 10 s. */
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;
/** Longest upstream silence after the response headers, as nginx's proxy_read_timeout. */
export const DEFAULT_UPSTREAM_IDLE_TIMEOUT_MS = 60_000;

const METHODS: Record<Route, string> = { chat: 'POST', models: 'GET' };

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new ProxyConfigError(`${name} must be a positive number.`);
  return value;
}

/**
 * Creates the proxy handler. Throws ProxyConfigError at once when the options cannot work (no key,
 * a bad upstream URL, a bad limit), so a misconfigured server fails at start-up, not at the first request.
 */
export function createProxy(options: ProxyOptions = {}): ProxyHandler {
  const getKey = resolveApiKey(options.apiKey);
  const urls = upstreamUrls(options.upstream);
  const maxBodyBytes = positive('maxBodyBytes', options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES);
  const timeoutMs = positive('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const bodyTimeoutMs = positive('bodyTimeoutMs', options.bodyTimeoutMs, DEFAULT_BODY_TIMEOUT_MS);
  const budget = createBodyBudget(
    positive('maxBodyBytesInFlight', options.maxBodyBytesInFlight, Number.POSITIVE_INFINITY),
  );
  const idleTimeoutMs = positive(
    'upstreamIdleTimeoutMs',
    options.upstreamIdleTimeoutMs,
    DEFAULT_UPSTREAM_IDLE_TIMEOUT_MS,
  );
  if (options.maxTokens !== undefined && (!Number.isInteger(options.maxTokens) || options.maxTokens < 1)) {
    throw new ProxyConfigError('maxTokens must be a positive integer.');
  }
  const allowedIds = options.allowedModels ? allowedModelIds(options.allowedModels) : null;
  const modelList = options.allowedModels ? localModelList(options.allowedModels) : null;
  const limiter: ClientLimiter | null = options.rateLimit ? createClientLimiter(options.rateLimit) : null;
  const cors = createCorsPolicy(options.cors);
  const { onUsage, transformRequest, authorize } = options;
  // Durable streams (resume/): on unless `resume: false`.
  const resume = resumeRuntime(options.resume);
  if (options.fetch && options.upstreamClient) {
    throw new ProxyConfigError('Pass either fetch or upstreamClient, not both.');
  }
  const client = options.upstreamClient ?? fetchUpstream(options.fetch);

  /** A Response the proxy answers itself, or the one upstream call to make. May throw (app callbacks). */
  async function decide(
    request: Request,
    clientAddress: string | undefined,
  ): Promise<Response | UpstreamCall> {
    const header = (name: string) => request.headers.get(name);
    const pathname = new URL(request.url).pathname;
    const route = matchRoute(pathname, options.basePath);
    const streamId = route === null && resume ? matchStreamRoute(pathname, options.basePath) : null;
    if (route === null && streamId === null) {
      return refuse(
        404,
        'not_found',
        'Not found: this proxy serves POST …/chat/completions and GET …/models.',
      );
    }
    if (request.method === 'OPTIONS' && cors) {
      const preflight = cors.preflight(request.method, header);
      if (preflight) return new Response(null, { status: 204, headers: preflight });
    }
    if (route !== null && request.method !== METHODS[route]) {
      return refuse(405, 'method_not_allowed', `Use ${METHODS[route]} for this endpoint.`, {
        allow: METHODS[route],
      });
    }
    // Browsers mark requests from other sites; unless CORS lets that origin in, refuse before
    // spending anything (a cross-site form post would otherwise cost tokens even though it cannot read the answer).
    const site = header('sec-fetch-site');
    if ((site === 'cross-site' || site === 'same-site') && !corsAllows(cors?.headersFor(header) ?? null)) {
      return refuse(403, 'permission_denied', 'Cross-origin requests to this proxy are not allowed.');
    }

    let clientId = clientAddress ?? 'anonymous';
    // The client `authorize` named, if any: it alone may resume or stop the streams it starts.
    let named: string | null = null;
    if (authorize) {
      const decision = readAuthorizeResult(await authorize(request));
      if (!decision.allow) {
        if (decision.response) return decision.response;
        return refuse(401, 'authentication_error', 'Not authorized.');
      }
      if (decision.clientId !== null) clientId = named = decision.clientId;
    }
    // Resuming or stopping a stream costs no tokens, so it is not rate-limited.
    if (route === null) return streamRouteResponse(request, streamId as string, named, resume!.store);

    // The body is read before the rate limit: a request refused for its size (413) or a body that never
    // arrives (408) costs the client none of its allowance.
    let bytes: Uint8Array = new Uint8Array(0);
    if (route === 'chat') {
      const claimed = Number(request.headers.get('content-length') || Number.NaN);
      const reserved = claimed >= 0 && claimed <= maxBodyBytes ? claimed : maxBodyBytes;
      if (!budget.take(reserved)) {
        return refuse(503, 'server_error', 'The proxy is receiving too many request bodies; retry shortly.', {
          'retry-after': '1',
        });
      }
      const read = await readBody(request, { maxBytes: maxBodyBytes, timeoutMs: bodyTimeoutMs }).finally(() =>
        budget.give(reserved),
      );
      if (!read.ok) {
        if (read.reason === 'too_large') {
          return refuse(413, 'request_too_large', `The request body is larger than ${maxBodyBytes} bytes.`);
        }
        if (read.reason === 'timeout') {
          return refuse(
            408,
            'request_timeout',
            `The request body did not arrive within ${bodyTimeoutMs} ms.`,
          );
        }
        return refuse(400, 'invalid_request_error', 'The request body could not be read.');
      }
      bytes = read.bytes;
    }

    if (limiter) {
      const decision = await limiter.consume(clientId);
      if (!decision.allowed) {
        if ('storeError' in decision) {
          const wait = String(decision.retryAfterSec);
          return refuse(503, 'server_error', 'The rate-limit store is unavailable; try again shortly.', {
            'retry-after': wait,
          });
        }
        const wait = String(decision.retryAfterSec);
        return refuse(429, 'client_rate_limited', `Too many requests; retry in ${wait} s.`, {
          'retry-after': wait,
          'x-ratelimit-limit': String(decision.limit),
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': wait,
        });
      }
    }

    const apiKey = getKey();
    if (apiKey === '') return refuse(500, 'server_error', 'The proxy has no API key configured.');

    if (route === 'models') {
      if (modelList) return replyResponse(jsonReply(200, modelList));
      return {
        url: urls.models,
        method: 'GET',
        apiKey,
        timeoutMs,
        idleTimeoutMs,
        accept: 'application/json',
      };
    }

    const validated = validateChatRequest(bytes, options, allowedIds);
    if (!validated.ok) {
      const { status, type, message, param } = validated.refusal;
      return refuse(status, type, message, undefined, param);
    }
    const body = transformRequest ? await transformRequest(validated.body, request) : validated.body;

    const stream = body.stream === true;
    const clientAskedForUsage = body.stream_options?.include_usage === true;
    const meter = onUsage && stream && !clientAskedForUsage;
    const sent = meter ? { ...body, stream_options: { ...body.stream_options, include_usage: true } } : body;

    const report = onUsage
      ? (usage: Usage) => notify(onUsage, { clientId, model: String(sent.model), usage })
      : undefined;
    return {
      url: urls.chat,
      method: 'POST',
      apiKey,
      timeoutMs,
      idleTimeoutMs,
      body: JSON.stringify(sent),
      accept: stream ? 'text/event-stream' : 'application/json',
      usage: report && { onUsage: report, dropUsageChunk: meter === true },
      owner: stream && resume ? named : undefined,
    };
  }

  return async (request, context) => {
    let response: Response;
    try {
      const decided = await decide(request, context?.clientAddress);
      response =
        decided instanceof Response
          ? decided
          : resume && decided.owner !== undefined
            ? await forwardDurable(decided, request.signal, client, resume)
            : await forwardUpstream(decided, request.signal, client);
    } catch {
      // Never echo the thrown error: it may come from app callbacks or carry upstream details.
      response = errorResponse(500, 'server_error', 'The proxy failed to handle this request.');
    }
    return cors
      ? withHeaders(
          response,
          cors.headersFor((name) => request.headers.get(name)),
        )
      : response;
  };
}

function refuse(
  status: number,
  type: ApiErrorType,
  message: string,
  headers?: HeaderRecord,
  param?: string,
): Response {
  return errorResponse(status, type, message, headers, param);
}

function notify(onUsage: NonNullable<ProxyOptions['onUsage']>, event: UsageEvent): void {
  // Metering must never break the stream it watches.
  try {
    Promise.resolve(onUsage(event)).catch(() => {});
  } catch {}
}

function localModelList(
  allowed: readonly AllowedModel[],
): ModelList | { object: 'list'; data: ProxyModelInfo[] } {
  return {
    object: 'list',
    data: allowed.map((entry) =>
      typeof entry === 'string'
        ? { id: entry, object: 'model', created: 0, owned_by: 'using.ai' }
        : { object: 'model', created: 0, owned_by: 'using.ai', ...entry },
    ),
  };
}
