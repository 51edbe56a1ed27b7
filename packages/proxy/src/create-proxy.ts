// createProxy: one Fetch-standard handler, Request -> Response, that runs anywhere Fetch does (Node
// adapters, Next.js, Hono, Bun, Deno, Workers). Each step either refuses in the API's error shape or
// hands on; the upstream call itself lives in forward.ts.
import type { ApiErrorType, ModelList, Usage } from '@using-ai/core';
import { resolveApiKey } from './api-key';
import { readAuthorizeResult } from './authorize';
import { type ClientLimiter, createClientLimiter } from './client-rate-limit';
import { ProxyConfigError } from './config-error';
import { corsAllows, createCorsPolicy, withHeaders } from './cors';
import { errorReply, type HeaderRecord, jsonReply, replyResponse } from './error-response';
import { forwardUpstream } from './forward';
import type { AllowedModel, ProxyHandler, ProxyModelInfo, ProxyOptions, UsageEvent } from './options';
import {
  failedReply,
  type Incoming,
  type Outcome,
  PROXY_INTERNALS,
  type ProxyInternals,
} from './proxy-internals';
import { readBody } from './read-body';
import { matchRoute, type Route } from './route';
import { upstreamUrls } from './upstream-url';
import { allowedModelIds, validateChatRequest } from './validate-request';

/** Default `maxBodyBytes`: the largest request body accepted, 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;
/** Default `timeoutMs`: the longest wait for upstream's response headers, 120 s. */
export const DEFAULT_TIMEOUT_MS = 120_000;
/** Default `bodyTimeoutMs`: the longest time to receive a request body, 10 s. */
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

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
  if (options.maxTokens !== undefined && (!Number.isInteger(options.maxTokens) || options.maxTokens < 1)) {
    throw new ProxyConfigError('maxTokens must be a positive integer.');
  }
  const allowedIds = options.allowedModels ? allowedModelIds(options.allowedModels) : null;
  const modelList = options.allowedModels ? localModelList(options.allowedModels) : null;
  const limiter: ClientLimiter | null = options.rateLimit ? createClientLimiter(options.rateLimit) : null;
  const cors = createCorsPolicy(options.cors);
  const { onUsage, transformRequest, authorize } = options;

  async function decide(incoming: Incoming): Promise<Outcome> {
    const route = matchRoute(incoming.pathname, options.basePath);
    if (route === null) {
      return refuse(
        404,
        'not_found',
        'Not found: this proxy serves POST …/chat/completions and GET …/models.',
      );
    }
    if (incoming.method === 'OPTIONS' && cors) {
      const preflight = cors.preflight(incoming.method, incoming.header);
      if (preflight) return { kind: 'reply', reply: { status: 204, headers: preflight, body: null } };
    }
    if (incoming.method !== METHODS[route]) {
      return refuse(405, 'method_not_allowed', `Use ${METHODS[route]} for this endpoint.`, {
        allow: METHODS[route],
      });
    }
    // Browsers mark requests from other sites; unless CORS lets that origin in, refuse before
    // spending anything (a cross-site form post would otherwise cost tokens even though it cannot read the answer).
    const site = incoming.header('sec-fetch-site');
    if (
      (site === 'cross-site' || site === 'same-site') &&
      !corsAllows(cors?.headersFor(incoming.header) ?? null)
    ) {
      return refuse(403, 'permission_denied', 'Cross-origin requests to this proxy are not allowed.');
    }

    let clientId = incoming.clientAddress ?? 'anonymous';
    if (authorize) {
      const decision = readAuthorizeResult(await authorize(incoming.request()));
      if (!decision.allow) {
        if (decision.response) return { kind: 'response', response: decision.response };
        return refuse(401, 'authentication_error', 'Not authorized.');
      }
      if (decision.clientId !== null) clientId = decision.clientId;
    }

    if (limiter) {
      const decision = await limiter.consume(clientId);
      if (!decision.allowed) {
        if ('storeError' in decision) {
          return refuse(503, 'server_error', 'The rate-limit store is unavailable; try again shortly.');
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
      if (modelList) return { kind: 'reply', reply: jsonReply(200, modelList) };
      return {
        kind: 'forward',
        call: { url: urls.models, method: 'GET', apiKey, timeoutMs, accept: 'application/json' },
      };
    }

    const read = await incoming.readBody({ maxBytes: maxBodyBytes, timeoutMs: bodyTimeoutMs });
    if (!read.ok) {
      if (read.reason === 'too_large') {
        return refuse(413, 'request_too_large', `The request body is larger than ${maxBodyBytes} bytes.`);
      }
      if (read.reason === 'timeout') {
        return refuse(408, 'request_timeout', `The request body did not arrive within ${bodyTimeoutMs} ms.`);
      }
      return refuse(400, 'invalid_request_error', 'The request body could not be read.');
    }

    const validated = validateChatRequest(read.bytes, options, allowedIds);
    if (!validated.ok) {
      const { status, type, message, param } = validated.refusal;
      return refuse(status, type, message, undefined, param);
    }
    const body = transformRequest
      ? await transformRequest(validated.body, incoming.request())
      : validated.body;

    const stream = body.stream === true;
    const clientAskedForUsage = body.stream_options?.include_usage === true;
    const meter = onUsage && stream && !clientAskedForUsage;
    const sent = meter ? { ...body, stream_options: { ...body.stream_options, include_usage: true } } : body;

    const report = onUsage
      ? (usage: Usage) => notify(onUsage, { clientId, model: String(sent.model), usage })
      : undefined;
    return {
      kind: 'forward',
      call: {
        url: urls.chat,
        method: 'POST',
        apiKey,
        timeoutMs,
        body: JSON.stringify(sent),
        accept: stream ? 'text/event-stream' : 'application/json',
        usage: report && { onUsage: report, dropUsageChunk: meter === true },
      },
    };
  }

  // The Fetch lane: Request in, Response out.
  const handler: ProxyHandler = async (request, context) => {
    const header = (name: string) => request.headers.get(name);
    let response: Response;
    try {
      const outcome = await decide({
        pathname: new URL(request.url).pathname,
        method: request.method,
        header,
        clientAddress: context?.clientAddress,
        request: () => request,
        readBody: (limits) => readBody(request, limits),
      });
      response =
        outcome.kind === 'reply'
          ? replyResponse(outcome.reply)
          : outcome.kind === 'response'
            ? outcome.response
            : await forwardUpstream(outcome.call, request.signal, options.fetch);
    } catch {
      // Never echo the thrown error: it may come from app callbacks or carry upstream details.
      response = replyResponse(failedReply());
    }
    return cors ? withHeaders(response, cors.headersFor(header)) : response;
  };
  // The Node lane (toNodeHandler) finds the same decisions here and skips the Fetch objects.
  const internals: ProxyInternals = { decide, cors, fetch: options.fetch };
  Object.defineProperty(handler, PROXY_INTERNALS, { value: internals, enumerable: false });
  return handler;
}

function refuse(
  status: number,
  type: ApiErrorType,
  message: string,
  headers?: HeaderRecord,
  param?: string,
): Outcome {
  return { kind: 'reply', reply: errorReply(status, type, message, headers, param) };
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
