// The request log: every chat-completion request the emulator received, what it carried and how it ended,
// so a test (or the demo) can assert what reached the "model": the body a proxy built, the key it used,
// and that a Stop really cancelled the stream upstream.
import type { Tier } from '@using-ai/core';
import type { Fault } from './faults';

/**
 * How a logged request ended. `pending`: still being answered (a stream in progress). `completed`: the
 * whole response went out. `cancelled`: the client went away before the end (closed mid-stream, aborted).
 * `error`: an error status (4xx/5xx), or a response the emulator broke or cut on purpose
 * (`drop_mid_stream`, `error_event`, a `stall` ended by `close()`).
 */
export type RequestOutcome = 'pending' | 'completed' | 'cancelled' | 'error';

/** One chat-completion request as the emulator saw it. */
export interface RecordedRequest {
  /** The `X-Request-Id` the emulator answered with, e.g. `req_mock_00000a`. */
  id: string;
  /** The HTTP method, upper-case (`POST`). */
  method: string;
  /** Path of the URL, prefix included (e.g. `/v1/chat/completions`). */
  path: string;
  /**
   * Request headers, names lower-cased. Credentials are redacted (`authorization: 'Bearer [redacted]'`,
   * and `proxy-authorization`, `x-api-key`, `api-key`, `cookie`): logs get printed and shared, and a real
   * key pointed at the emulator by mistake must not end up in them.
   */
  headers: Record<string, string>;
  /** The key, when it is one of the emulator's configured keys (test keys, not secrets); otherwise null. */
  apiKey: string | null;
  /** The tier of `apiKey`, or null. */
  tier: Tier | null;
  /**
   * The parsed JSON body; null when it was not read (the request was refused before: 401, 429, 413) or
   * was not JSON.
   */
  body: unknown;
  /** Whether the body asked for a stream (`"stream": true`). */
  stream: boolean;
  /** The fault the request got (by header or from the queue), if any. */
  fault: Fault | null;
  /** HTTP status of the response; null until it is decided. */
  status: number | null;
  outcome: RequestOutcome;
  /** Epoch milliseconds (the emulator's clock) when it arrived and when it ended (null while pending). */
  startedAt: number;
  endedAt: number | null;
}

/** The live handle on one entry: the handler fills it in as the request goes. */
export interface LogEntry {
  readonly record: RecordedRequest;
  setBody(body: unknown): void;
  setFault(fault: Fault | undefined): void;
  setStatus(status: number): void;
  /** Sets the final outcome once; later calls are ignored (the first cause wins). */
  end(outcome: Exclude<RequestOutcome, 'pending'>): void;
}

export interface RequestLog {
  start(request: Request, meta: { id: string; apiKey: string | null; tier: Tier | null }): LogEntry;
  /** Copies of the entries, oldest first. */
  list(): RecordedRequest[];
  clear(): void;
}

/** Headers that carry credentials. Of Authorization headers the scheme (`Bearer`) is kept. */
const SECRET_HEADERS = new Set(['x-api-key', 'api-key', 'cookie']);
const AUTH_HEADERS = new Set(['authorization', 'proxy-authorization']);

function redactedHeaders(request: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    if (AUTH_HEADERS.has(name))
      headers[name] = `${/^[A-Za-z][\w-]*(?=\s+\S)/.exec(value)?.[0] ?? ''} [redacted]`.trim();
    else headers[name] = SECRET_HEADERS.has(name) ? '[redacted]' : value;
  });
  return headers;
}

/** A log keeping the last `limit` requests (older ones are dropped, so a long-running CLI stays bounded). */
export function createRequestLog(limit: number, now: () => number): RequestLog {
  let entries: RecordedRequest[] = [];
  return {
    start(request, meta) {
      const record: RecordedRequest = {
        id: meta.id,
        method: request.method.toUpperCase(),
        path: new URL(request.url).pathname,
        headers: redactedHeaders(request),
        apiKey: meta.tier ? meta.apiKey : null,
        tier: meta.tier,
        body: null,
        stream: false,
        fault: null,
        status: null,
        outcome: 'pending',
        startedAt: now(),
        endedAt: null,
      };
      if (limit > 0) {
        entries.push(record);
        if (entries.length > limit) entries = entries.slice(entries.length - limit);
      }
      return {
        record,
        setBody(body) {
          record.body = body;
          record.stream =
            typeof body === 'object' && body !== null && (body as { stream?: unknown }).stream === true;
        },
        setFault(fault) {
          record.fault = fault ?? null;
        },
        setStatus(status) {
          record.status = status;
        },
        end(outcome) {
          if (record.outcome !== 'pending') return;
          record.outcome = outcome;
          record.endedAt = now();
        },
      };
    },
    list: () => entries.map((e) => ({ ...e, headers: { ...e.headers } })),
    clear() {
      entries = [];
    },
  };
}
