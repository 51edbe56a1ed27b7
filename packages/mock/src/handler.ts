// The heart of the emulator: one Fetch-standard handler, `(Request) => Promise<Response>`. The node:http
// server, the MSW handlers and the CLI are thin adapters around it.
import type { ModelInfo, ModelList, Tier } from '@using-ai/core';
import { adminRoute } from './admin';
import { catalog } from './catalog';
import { chatResponse } from './chat-response';
import { sleep } from './delay';
import {
  createFaultQueue,
  FAULTS,
  type Fault,
  type InjectOptions,
  isFault,
  type PendingFault,
} from './faults';
import { bearerKey, defaultKeys } from './keys';
import { initialConfig, type MockConfig, type MockOptions, parseConfigPatch } from './options';
import { createRateLimiter, type RateLimitState } from './rate-limiter';
import { readBodyLimited } from './read-body';
import { errorResponse, type HeaderMap, html502Response, jsonResponse } from './responses';
import { ALLOWED_METHODS, matchRoute } from './routes';
import { DEFAULT_TIER_LIMITS, TIER_LABEL, tierAllows } from './tiers';
import { validateChatRequest } from './validate';

/** The Fetch handler plus controls over its state (the same controls the `/__mock/*` endpoints offer). */
export interface MockHandler {
  (request: Request): Promise<Response>;
  /** Gives the next `times` (default 1) chat-completion requests the fault. */
  inject(fault: Fault, options?: InjectOptions): void;
  /** Drops every pending injected fault. */
  clearFaults(): void;
  /** The injected faults still pending. */
  pendingFaults(): PendingFault[];
  /** Clears rate-limit windows and injected faults and restores the initial config. */
  reset(): void;
  /** Changes pacing (or seed, keep-alive, slow-headers delay) at runtime; returns the new config. */
  configure(patch: Partial<MockConfig>): MockConfig;
  /** The current runtime config. */
  readonly config: MockConfig;
  /** Streams (and stalled requests) currently open. */
  readonly openStreams: number;
  /** Ends every open stream and stalled request (used by the server's close()). */
  closeStreams(): void;
}

const MB = 1_048_576;

const CORS_HEADERS: HeaderMap = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers':
    'X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After, X-Request-Id',
};

function rateHeaders(state: RateLimitState): HeaderMap {
  return {
    'x-ratelimit-limit': String(state.limit),
    'x-ratelimit-remaining': String(state.remaining),
    'x-ratelimit-reset': String(state.resetSeconds),
  };
}

export function createMockHandler(options: MockOptions = {}): MockHandler {
  const clock = options.clock;
  const now = options.now ?? (typeof clock === 'function' ? clock : clock ? () => clock.now() : Date.now);
  const keys = options.keys ?? defaultKeys;
  const models: readonly ModelInfo[] = options.models ?? catalog;
  const modelById = new Map(models.map((m) => [m.id, m]));
  const rateOptions = options.rateLimit === false ? {} : (options.rateLimit ?? {});
  const limits: Record<Tier, number> = { ...DEFAULT_TIER_LIMITS, ...rateOptions.limits };
  const enforceLimits = options.rateLimit !== false;
  const limiter = createRateLimiter(rateOptions.windowMs ?? 60_000, now);
  const faults = createFaultQueue();
  const maxBodyBytes = options.maxBodyBytes ?? MB;
  let config = initialConfig(options);
  const open = new Set<() => void>();
  let requestCount = 0;

  const track = (stop: () => void) => {
    open.add(stop);
    return () => {
      open.delete(stop);
    };
  };

  function tierOf(key: string | null): Tier | undefined {
    return key !== null && Object.hasOwn(keys, key) ? keys[key] : undefined;
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const key = bearerKey(request);
    const tier = tierOf(key);
    const requestNumber = ++requestCount;
    const base: HeaderMap = {
      ...(options.cors === false ? {} : CORS_HEADERS),
      'x-request-id': `req_mock_${requestNumber.toString(36).padStart(6, '0')}`,
    };
    // Until a key is known and counted, responses report the key's current window without spending it.
    const peek = () =>
      key !== null && tier ? limiter.peek(key, limits[tier]) : limiter.peek('anonymous', limits.standard);
    let headers: HeaderMap = { ...base, ...rateHeaders(peek()) };

    if (method === 'OPTIONS' && options.cors !== false) {
      const requested = request.headers.get('access-control-request-headers');
      return new Response(null, {
        status: 204,
        headers: {
          ...headers,
          'access-control-allow-methods': 'GET, POST, PATCH, DELETE, OPTIONS',
          'access-control-allow-headers': requested ?? 'Authorization, Content-Type, X-Mock-Fault',
          'access-control-max-age': '600',
        },
      });
    }

    // Control paths are accepted under any prefix (e.g. /v1/__mock/faults behind a proxy's upstream base).
    const adminAt = url.pathname.indexOf('/__mock/');
    if (adminAt >= 0 && options.admin !== false) {
      return adminRoute(request, url.pathname.slice(adminAt).replace(/\/+$/, ''), {
        faults,
        config: () => config,
        configure,
        reset,
        headers,
      });
    }

    const route = matchRoute(url.pathname);
    if (!route) return errorResponse(404, 'not_found', `Unknown path: ${method} ${url.pathname}.`, headers);
    const allowed = ALLOWED_METHODS[route.name];
    if (method !== allowed) {
      return errorResponse(
        405,
        'method_not_allowed',
        `${method} is not allowed on ${url.pathname}; use ${allowed}.`,
        {
          ...headers,
          allow: allowed,
        },
      );
    }

    if (key === null) {
      return errorResponse(
        401,
        'authentication_error',
        'Missing API key. Send it as "Authorization: Bearer sk-...".',
        headers,
      );
    }
    if (!tier) return errorResponse(401, 'authentication_error', 'Invalid API key.', headers);

    const decision = limiter.consume(key, limits[tier]);
    headers = { ...base, ...rateHeaders(decision) };
    const retryAfter = String(Math.max(1, decision.resetSeconds));
    if (!decision.allowed && enforceLimits) {
      return errorResponse(
        429,
        'rate_limit_exceeded',
        `Rate limit exceeded: ${decision.limit} requests per minute on the ${TIER_LABEL[tier]} tier. Retry in ${retryAfter} s.`,
        { ...headers, 'retry-after': retryAfter },
      );
    }

    const faultHeader = request.headers.get('x-mock-fault');
    let fault: Fault | undefined;
    if (faultHeader !== null) {
      const name = faultHeader.trim();
      if (!isFault(name)) {
        return errorResponse(
          400,
          'invalid_request_error',
          `Unknown X-Mock-Fault "${name}". Known: ${FAULTS.join(', ')}.`,
          headers,
          { param: 'X-Mock-Fault' },
        );
      }
      fault = name;
    }

    if (route.name !== 'chat') {
      const early = await commonFault(fault, headers, request.signal);
      if (early) return early;
      if (route.name === 'models')
        return jsonResponse(200, { object: 'list', data: [...models] } satisfies ModelList, headers);
      const model = modelById.get(route.id);
      if (!model) return modelNotFound(route.id, headers);
      return jsonResponse(200, model, headers);
    }

    const body = await readBodyLimited(request, maxBodyBytes);
    if (!body.ok) {
      return errorResponse(
        413,
        'request_too_large',
        `The request body is larger than ${maxBodyBytes} bytes.`,
        headers,
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.text);
    } catch {
      return errorResponse(400, 'invalid_request_error', 'The request body is not valid JSON.', headers, {
        param: null,
      });
    }
    const validation = validateChatRequest(parsed);
    if (!validation.ok) {
      return errorResponse(400, 'invalid_request_error', validation.error.message, headers, {
        param: validation.error.param,
      });
    }
    const chat = validation.request;
    const model = modelById.get(chat.model);
    if (!model) return modelNotFound(chat.model, headers);
    if (!tierAllows(tier, model.tier)) {
      return errorResponse(
        403,
        'tier_forbidden',
        `${model.id} requires the ${TIER_LABEL[model.tier]} tier. Upgrade at using.ai/pricing.`,
        headers,
        { required_tier: model.tier },
      );
    }

    fault ??= faults.take();
    const early = await commonFault(fault, headers, request.signal);
    if (early) return early;
    return chatResponse({
      request: chat,
      model,
      fault,
      config: () => config,
      nowMs: now(),
      requestNumber,
      signal: request.signal,
      headers,
      track,
    });
  }

  /** Faults that replace or delay the whole response, whatever the endpoint. */
  async function commonFault(
    fault: Fault | undefined,
    headers: HeaderMap,
    signal: AbortSignal,
  ): Promise<Response | undefined> {
    if (fault === 'slow_headers') await sleep(config.slowHeadersMs, signal);
    if (fault === 'rate_limit') {
      const retryAfter =
        headers['x-ratelimit-reset'] && headers['x-ratelimit-reset'] !== '0'
          ? headers['x-ratelimit-reset']
          : '1';
      return errorResponse(
        429,
        'rate_limit_exceeded',
        `Rate limit exceeded (rate_limit fault). Retry in ${retryAfter} s.`,
        { ...headers, 'x-ratelimit-remaining': '0', 'retry-after': retryAfter },
      );
    }
    if (fault === 'server_error') {
      return errorResponse(
        500,
        'server_error',
        'The upstream model provider failed (server_error fault).',
        headers,
      );
    }
    if (fault === 'html_502') return html502Response(headers);
    return undefined;
  }

  function modelNotFound(id: string, headers: HeaderMap): Response {
    return errorResponse(
      404,
      'not_found',
      `The model "${id}" does not exist. GET /v1/models lists the models.`,
      headers,
      {
        param: 'model',
        code: 'model_not_found',
      },
    );
  }

  function configure(patch: Partial<MockConfig>): MockConfig {
    const parsed = parseConfigPatch(patch);
    if (!parsed.ok) throw new TypeError(parsed.message);
    config = { ...config, ...parsed.patch };
    return config;
  }

  function reset(): void {
    limiter.reset();
    faults.clear();
    config = initialConfig(options);
  }

  return Object.defineProperties(handle, {
    inject: { value: (fault: Fault, opts?: InjectOptions) => faults.inject(fault, opts) },
    clearFaults: { value: () => faults.clear() },
    pendingFaults: { value: () => faults.list() },
    reset: { value: reset },
    configure: { value: configure },
    config: { get: () => config },
    openStreams: { get: () => open.size },
    closeStreams: {
      value: () => {
        for (const stop of [...open]) stop();
      },
    },
  }) as MockHandler;
}
