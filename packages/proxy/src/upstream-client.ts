// How the proxy calls upstream: one small interface, so the one path (forward.ts) does not care which HTTP
// client made the call. The default is the runtime's `fetch` (every runtime the handler runs on has one);
// on Node, `undiciUpstream()` (@using-ai/proxy/node, the default of startProxyServer, the CLI and the Vite
// plugin) calls with undici's `request` instead, which costs a third of fetch's CPU per call.

/** The one upstream request a proxied call makes; the URL and headers are built by the proxy. */
export interface UpstreamRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string | undefined;
  /** Aborts the call, before the response headers and while the body streams. */
  signal: AbortSignal;
}

/** One read of an upstream body (the shape of a web stream reader's result, without the DOM lib). */
export type UpstreamChunk =
  | { done: false; value: Uint8Array }
  | { done: true; value?: Uint8Array | undefined };

/** A body read chunk by chunk; a web `ReadableStreamDefaultReader<Uint8Array>` is one. */
export interface UpstreamBody {
  /** The next chunk, or `{ done: true }` at the end; rejects when the body broke off. */
  read(): Promise<UpstreamChunk>;
  /** Stops reading and drops the upstream connection's request. */
  cancel(reason?: unknown): Promise<void>;
}

/** Upstream's answer: status, headers (already decoded body: gzip, deflate and br are undone). */
export interface UpstreamResponse {
  status: number;
  /** A response header, or `null`; names are case-insensitive. */
  header(name: string): string | null;
  body: UpstreamBody | null;
}

/**
 * Makes the proxy's upstream calls. It must not follow redirects, must decode `gzip`, `x-gzip`, `deflate`
 * and `br` bodies (and leave any other `Content-Encoding` as it came: the proxy refuses those), and must
 * reject (throw) when no response headers arrive.
 */
export type UpstreamClient = (request: UpstreamRequest) => Promise<UpstreamResponse>;

/** The client over a Fetch implementation (default: the global `fetch`, looked up per call). */
export function fetchUpstream(fetchImpl?: typeof fetch): UpstreamClient {
  return async (request) => {
    const response = await (fetchImpl ?? globalThis.fetch)(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: request.signal,
      redirect: 'manual',
    });
    return {
      status: response.status,
      header: (name) => response.headers.get(name),
      body: response.body === null ? null : response.body.getReader(),
    };
  };
}
