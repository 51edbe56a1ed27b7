// createProxy: one Fetch-standard handler, Request -> Response, that runs anywhere Fetch does (Node
// adapters, Next.js, Hono, Bun, Deno, Workers). Each step either refuses in the API's error shape or
// hands on; the upstream call itself lives in forward.ts.
import type { ModelList, Usage } from '@using-ai/core';
import { resolveApiKey } from './api-key';
import { readAuthorizeResult } from './authorize';
import { type ClientLimiter, createClientLimiter } from './client-rate-limit';
import { ProxyConfigError } from './config-error';
import { createCorsPolicy, withHeaders } from './cors';
import { errorResponse, jsonResponse } from './error-response';
import { forwardUpstream } from './forward';
import type {
  AllowedModel,
  ProxyContext,
  ProxyHandler,
  ProxyModelInfo,
  ProxyOptions,
  UsageEvent,
} from './options';
import { readBody } from './read-body';
import { matchRoute, type Route } from './route';
import { upstreamUrls } from './upstream-url';
import { allowedModelIds, validateChatRequest } from './validate-request';

export const DEFAULT_MAX_BODY_BYTES = 1_048_576;
export const DEFAULT_TIMEOUT_MS = 120_000;
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

  async function handle(request: Request, context: ProxyContext | undefined): Promise<Response> {
    const route = matchRoute(new URL(request.url).pathname, options.basePath);
    if (route === null) {
      return errorResponse(
        404,
        'not_found',
        'Not found: this proxy serves POST …/chat/completions and GET …/models.',
      );
    }
    if (request.method === 'OPTIONS' && cors) {
      const preflight = cors.preflight(request);
      if (preflight) return preflight;
    }
    if (request.method !== METHODS[route]) {
      return errorResponse(405, 'method_not_allowed', `Use ${METHODS[route]} for this endpoint.`, {
        allow: METHODS[route],
      });
    }
    // Browsers mark requests from other sites; unless CORS lets that origin in, refuse before
    // spending anything (a cross-site form post would otherwise cost tokens even though it cannot read the answer).
    const site = request.headers.get('sec-fetch-site');
    if (
      (site === 'cross-site' || site === 'same-site') &&
      !cors?.headersFor(request).has('access-control-allow-origin')
    ) {
      return errorResponse(403, 'permission_denied', 'Cross-origin requests to this proxy are not allowed.');
    }

    let clientId = context?.clientAddress ?? 'anonymous';
    if (authorize) {
      const decision = readAuthorizeResult(await authorize(request));
      if (!decision.allow) {
        return decision.response ?? errorResponse(401, 'authentication_error', 'Not authorized.');
      }
      if (decision.clientId !== null) clientId = decision.clientId;
    }

    if (limiter) {
      const decision = await limiter.consume(clientId);
      if (!decision.allowed) {
        if ('storeError' in decision) {
          return errorResponse(
            503,
            'server_error',
            'The rate-limit store is unavailable; try again shortly.',
          );
        }
        const wait = String(decision.retryAfterSec);
        return errorResponse(429, 'client_rate_limited', `Too many requests; retry in ${wait} s.`, {
          'retry-after': wait,
          'x-ratelimit-limit': String(decision.limit),
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': wait,
        });
      }
    }

    const apiKey = getKey();
    if (apiKey === '') return errorResponse(500, 'server_error', 'The proxy has no API key configured.');

    if (route === 'models') {
      if (modelList) return jsonResponse(200, modelList);
      return forwardUpstream({
        url: urls.models,
        method: 'GET',
        apiKey,
        request,
        timeoutMs,
        fetch: options.fetch,
      });
    }

    const read = await readBody(request, { maxBytes: maxBodyBytes, timeoutMs: bodyTimeoutMs });
    if (!read.ok) {
      if (read.reason === 'too_large') {
        return errorResponse(
          413,
          'request_too_large',
          `The request body is larger than ${maxBodyBytes} bytes.`,
        );
      }
      if (read.reason === 'timeout') {
        return errorResponse(
          408,
          'request_timeout',
          `The request body did not arrive within ${bodyTimeoutMs} ms.`,
        );
      }
      return errorResponse(400, 'invalid_request_error', 'The request body could not be read.');
    }

    const validated = validateChatRequest(read.bytes, options, allowedIds);
    if (!validated.ok) {
      const { status, type, message, param } = validated.refusal;
      return errorResponse(status, type, message, undefined, param);
    }
    const body = transformRequest ? await transformRequest(validated.body, request) : validated.body;

    const stream = body.stream === true;
    const clientAskedForUsage = body.stream_options?.include_usage === true;
    const meter = onUsage && stream && !clientAskedForUsage;
    const sent = meter ? { ...body, stream_options: { ...body.stream_options, include_usage: true } } : body;

    const report = onUsage
      ? (usage: Usage) => notify(onUsage, { clientId, model: String(sent.model), usage })
      : undefined;
    return forwardUpstream({
      url: urls.chat,
      method: 'POST',
      apiKey,
      request,
      timeoutMs,
      fetch: options.fetch,
      body: JSON.stringify(sent),
      accept: stream ? 'text/event-stream' : 'application/json',
      usage: report && { onUsage: report, dropUsageChunk: meter === true },
    });
  }

  return async (request, context) => {
    let response: Response;
    try {
      response = await handle(request, context);
    } catch {
      // Never echo the thrown error: it may come from app callbacks or carry upstream details.
      response = errorResponse(500, 'server_error', 'The proxy failed to handle this request.');
    }
    return cors ? withHeaders(response, cors.headersFor(request)) : response;
  };
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
