// The heart of the emulator: one Fetch-standard handler, `(Request) => Promise<Response>`. The node:http
// server, the MSW handlers and the CLI are thin adapters around it. This module only routes and holds
// state; each step lives in its own module.
import type { ModelInfo, ModelList, Tier } from '@using-ai/core';
import { adminRoute } from './admin';
import { catalog } from './catalog';
import { modelNotFound, readChatRequest } from './chat-request';
import { chatResponse } from './chat-response';
import { CORS_HEADERS, preflightResponse } from './cors';
import { headerFault, wholeResponseFault } from './fault-responses';
import { createFaultQueue, type Fault, type InjectOptions, type PendingFault } from './faults';
import { bearerKey, defaultKeys } from './keys';
import { initialConfig, type MockConfig, type MockOptions, parseConfigPatch } from './options';
import { createRateLimiter, rateLimitHeaders } from './rate-limiter';
import { createRequestLog, type LogEntry, type RecordedRequest } from './request-log';
import { errorResponse, type HeaderMap, jsonResponse } from './responses';
import { ALLOWED_METHODS, matchRoute, type Route } from './routes';
import { createScriptQueue, parseScript, type ScriptedAnswer, scriptedRateHeaders } from './script';
import { DEFAULT_TIER_LIMITS, TIER_LABEL } from './tiers';

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
  /**
   * The chat-completion requests received (oldest first, the last `requestLogLimit`): method, path,
   * headers (Authorization redacted), parsed body, fault, status and outcome. Cleared by `reset()`.
   */
  requests(): RecordedRequest[];
  /** Empties the request log. */
  clearRequests(): void;
  /**
   * Queues what the model answers to the next chat-completion requests, one answer per request, in order
   * (text, reasoning, tool calls, a fault, rate-limit headers). Throws a TypeError for a malformed answer.
   */
  script(...answers: ScriptedAnswer[]): void;
  /** Scripted answers not used yet. */
  pendingScript(): ScriptedAnswer[];
}

const MB = 1_048_576;

/** The emulator as a Fetch handler (`POST /v1/chat/completions`, `GET /v1/models`, the admin endpoints), for any runtime. */
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
  const log = createRequestLog(options.requestLogLimit ?? 1000, now);
  const scripts = createScriptQueue();
  const maxBodyBytes = options.maxBodyBytes ?? MB;
  const cors = options.cors !== false;
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
      ...(cors ? CORS_HEADERS : {}),
      'x-request-id': `req_mock_${requestNumber.toString(36).padStart(6, '0')}`,
    };
    // Until a key is known and counted, responses report its current window (or the anonymous
    // standard-tier one) without spending it.
    const peeked =
      key !== null && tier ? limiter.peek(key, limits[tier]) : limiter.peek('anonymous', limits.standard);
    const headers: HeaderMap = { ...base, ...rateLimitHeaders(peeked) };

    if (method === 'OPTIONS' && cors) return preflightResponse(request, headers);

    // Control paths are accepted under any prefix (e.g. /v1/__mock/faults behind a proxy's upstream base).
    const adminAt = url.pathname.indexOf('/__mock/');
    if (adminAt >= 0 && options.admin !== false) {
      const path = url.pathname.slice(adminAt).replace(/\/+$/, '');
      return adminRoute(request, path, {
        faults,
        log,
        scripts,
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
      const message = `${method} is not allowed on ${url.pathname}; use ${allowed}.`;
      return errorResponse(405, 'method_not_allowed', message, { ...headers, allow: allowed });
    }
    if (route.name !== 'chat') return answer({ request, route, key, tier, base, headers, requestNumber });

    const entry = log.start(request, { id: base['x-request-id'] ?? '', apiKey: key, tier: tier ?? null });
    try {
      const response = await answer({ request, route, key, tier, base, headers, requestNumber, entry });
      entry.setStatus(response.status);
      if (response.status >= 400) entry.end('error');
      return response;
    } catch (error) {
      entry.setStatus(500);
      entry.end('error');
      throw error;
    }
  }

  /** A request to a known route with the right method: key, rate limit, faults, then the route itself. */
  async function answer(input: {
    request: Request;
    route: Route;
    key: string | null;
    tier: Tier | undefined;
    base: HeaderMap;
    headers: HeaderMap;
    requestNumber: number;
    entry?: LogEntry;
  }): Promise<Response> {
    const { request, route, key, tier, base, requestNumber, entry } = input;
    let { headers } = input;
    if (key === null) {
      const message = 'Missing API key. Send it as "Authorization: Bearer sk-...".';
      return errorResponse(401, 'authentication_error', message, headers);
    }
    if (!tier) return errorResponse(401, 'authentication_error', 'Invalid API key.', headers);

    const decision = limiter.consume(key, limits[tier]);
    headers = { ...base, ...rateLimitHeaders(decision) };
    if (!decision.allowed && enforceLimits) {
      const retryAfter = String(Math.max(1, decision.resetSeconds));
      const message = `Rate limit exceeded: ${decision.limit} requests per minute on the ${TIER_LABEL[tier]} tier. Retry in ${retryAfter} s.`;
      return errorResponse(429, 'rate_limit_exceeded', message, { ...headers, 'retry-after': retryAfter });
    }

    const named = headerFault(request, headers);
    if ('error' in named) return named.error;

    if (route.name !== 'chat') {
      const faulted = await wholeResponseFault(named.fault, headers, request.signal, config.slowHeadersMs);
      if (faulted) return faulted;
      if (route.name === 'models') {
        return jsonResponse(200, { object: 'list', data: [...models] } satisfies ModelList, headers);
      }
      const model = modelById.get(route.id);
      return model ? jsonResponse(200, model, headers) : modelNotFound(route.id, headers);
    }

    const read = await readChatRequest(request, {
      maxBodyBytes,
      models: modelById,
      tier,
      headers,
      onBody: (body) => entry?.setBody(body),
    });
    if (!read.ok) return read.response;

    // Only a request that would have succeeded consumes a scripted answer or an injected fault.
    const scripted = scripts.take();
    const fault = named.fault ?? scripted?.fault ?? faults.take();
    entry?.setFault(fault);
    headers = { ...headers, ...scriptedRateHeaders(scripted?.rateLimit) };
    const faulted = await wholeResponseFault(
      fault,
      headers,
      request.signal,
      config.slowHeadersMs,
      scripted?.rateLimit?.resetSeconds,
    );
    if (faulted) return faulted;
    return chatResponse({
      request: read.chat,
      model: read.model,
      fault,
      script: scripted,
      config: () => config,
      nowMs: now(),
      requestNumber,
      signal: request.signal,
      headers,
      track,
      onEnd: (outcome) => entry?.end(outcome),
    });
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
    log.clear();
    scripts.clear();
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
    requests: { value: () => log.list() },
    clearRequests: { value: () => log.clear() },
    script: {
      value: (...answers: ScriptedAnswer[]) => {
        const parsed = parseScript(answers);
        if (!parsed.ok) throw new TypeError(parsed.message);
        scripts.push(parsed.answers);
      },
    },
    pendingScript: { value: () => scripts.list() },
    closeStreams: {
      value: () => {
        for (const stop of [...open]) stop();
      },
    },
  }) as MockHandler;
}
