// The `/__mock/*` control endpoints: faults, runtime pacing and reset, usable over plain HTTP (the demo's
// developer panel drives them through the proxy).
import { FAULTS, type FaultQueue, isFault } from './faults';
import { type MockConfig, parseConfigPatch } from './options';
import type { RequestLog } from './request-log';
import { errorResponse, type HeaderMap, jsonResponse } from './responses';
import { parseScript, type ScriptQueue } from './script';

export interface AdminContext {
  faults: FaultQueue;
  log: RequestLog;
  scripts: ScriptQueue;
  config: () => MockConfig;
  configure: (patch: Partial<MockConfig>) => MockConfig;
  reset: () => void;
  headers: HeaderMap;
}

async function readJson(request: Request): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const text = await request.text();
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function faultList(ctx: AdminContext) {
  // JSON has no Infinity; an unlimited fault reports `remaining: null`.
  return {
    faults: ctx.faults
      .list()
      .map((f) => ({ fault: f.fault, remaining: Number.isFinite(f.remaining) ? f.remaining : null })),
    available: FAULTS,
  };
}

export async function adminRoute(request: Request, path: string, ctx: AdminContext): Promise<Response> {
  const { headers } = ctx;
  const method = request.method.toUpperCase();
  const invalid = (message: string) => errorResponse(400, 'invalid_request_error', message, headers);
  const notAllowed = (allow: string) =>
    errorResponse(405, 'method_not_allowed', `${method} is not allowed on ${path}; use ${allow}.`, {
      ...headers,
      allow,
    });

  if (path === '/__mock/faults') {
    if (method === 'GET') return jsonResponse(200, faultList(ctx), headers);
    if (method === 'DELETE') {
      ctx.faults.clear();
      return jsonResponse(200, faultList(ctx), headers);
    }
    if (method !== 'POST') return notAllowed('GET, POST, DELETE');
    const body = await readJson(request);
    if (!body.ok) return invalid('The request body is not valid JSON.');
    const { fault, times } = (body.value ?? {}) as { fault?: unknown; times?: unknown };
    if (!isFault(fault))
      return invalid(`Unknown fault ${JSON.stringify(fault ?? null)}. Known: ${FAULTS.join(', ')}.`);
    const count = times === undefined ? 1 : times === null ? Number.POSITIVE_INFINITY : times;
    if (
      typeof count !== 'number' ||
      !(count >= 1) ||
      (!Number.isInteger(count) && count !== Number.POSITIVE_INFINITY)
    ) {
      return invalid('times must be a positive integer, or null for every request.');
    }
    ctx.faults.inject(fault, { times: count });
    return jsonResponse(200, faultList(ctx), headers);
  }

  if (path === '/__mock/config') {
    if (method === 'GET') return jsonResponse(200, ctx.config(), headers);
    if (method !== 'POST' && method !== 'PATCH' && method !== 'PUT') return notAllowed('GET, POST');
    const body = await readJson(request);
    if (!body.ok) return invalid('The request body is not valid JSON.');
    const parsed = parseConfigPatch(body.value);
    if (!parsed.ok) return invalid(parsed.message);
    return jsonResponse(200, ctx.configure(parsed.patch), headers);
  }

  if (path === '/__mock/requests') {
    if (method === 'DELETE') ctx.log.clear();
    else if (method !== 'GET') return notAllowed('GET, DELETE');
    return jsonResponse(200, { requests: ctx.log.list() }, headers);
  }

  if (path === '/__mock/script') {
    if (method === 'DELETE') ctx.scripts.clear();
    else if (method === 'POST') {
      const body = await readJson(request);
      if (!body.ok) return invalid('The request body is not valid JSON.');
      const value = body.value as { answers?: unknown } | null;
      const parsed = parseScript(
        value && typeof value === 'object' && 'answers' in value ? value.answers : value,
      );
      if (!parsed.ok) return invalid(parsed.message);
      ctx.scripts.push(parsed.answers);
    } else if (method !== 'GET') return notAllowed('GET, POST, DELETE');
    return jsonResponse(200, { script: ctx.scripts.list() }, headers);
  }

  if (path === '/__mock/reset') {
    if (method !== 'POST') return notAllowed('POST');
    ctx.reset();
    return jsonResponse(200, { ok: true }, headers);
  }

  return errorResponse(404, 'not_found', `Unknown mock control path: ${path}.`, headers);
}
