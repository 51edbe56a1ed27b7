// The Node upstream client: undici's `request` on a keep-alive Agent. Fetch (also undici underneath) builds
// a spec Request, Headers and a web stream per call; `request` does not, and a microbenchmark measured it at
// about a third of fetch's CPU per call. Its body is a Node stream read chunk by chunk; gzip, deflate and
// br are decoded with node:zlib as fetch would, so both clients hand the key scrubber the same bytes.
import { pipeline, type Readable, type Transform } from 'node:stream';
import { constants, createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Agent, type Dispatcher } from 'undici';
import { fetchUpstream, type UpstreamBody, type UpstreamChunk, type UpstreamClient } from './upstream-client';

/** Options of `undiciUpstream`. */
export interface UndiciUpstreamOptions {
  /** The undici dispatcher to call through (an `Agent`, `Pool`, `ProxyAgent`…). Default: a keep-alive Agent of its own. */
  dispatcher?: Dispatcher;
}

// Like fetch: tolerate a stream cut right after a complete block instead of failing the last chunk.
const ZLIB = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };
const BROTLI = {
  flush: constants.BROTLI_OPERATION_FLUSH,
  finishFlush: constants.BROTLI_OPERATION_FLUSH,
};
const DECODERS: Record<string, () => Transform> = {
  gzip: () => createGunzip(ZLIB),
  'x-gzip': () => createGunzip(ZLIB),
  deflate: () => createInflate(ZLIB),
  br: () => createBrotliDecompress(BROTLI),
};

// A global fetch replaced after this module loaded (MSW's setupServer, nock, a test double) is one the app wants
// its HTTP calls to go through, and undici's `request` would go around it: while it is replaced, calls go
// through it; once it is restored (MSW's `close()`), through undici again.
const loadedFetch = globalThis.fetch;
const viaFetch = fetchUpstream();

/** An upstream client on undici, with a way to close the connections it keeps open. */
export interface UndiciUpstream extends UpstreamClient {
  /** Closes the keep-alive connections of its own Agent (a `dispatcher` you passed stays yours to close). */
  close(): Promise<void>;
}

/**
 * An upstream client on undici's `request` (Node only): what startProxyServer, the CLI and the Vite plugin
 * use unless `fetch` is given. Pass it to `createProxy({ upstreamClient: undiciUpstream() })` on Node. While
 * the app has replaced the global `fetch` (MSW, a test double), calls go through that instead.
 */
export function undiciUpstream(options: UndiciUpstreamOptions = {}): UndiciUpstream {
  // The proxy keeps its own deadlines (timeoutMs, upstreamIdleTimeoutMs): undici's own are off.
  const own = options.dispatcher === undefined ? new Agent({ headersTimeout: 0, bodyTimeout: 0 }) : null;
  const dispatcher = options.dispatcher ?? (own as Agent);
  // The upstream URLs are fixed per proxy: split each once.
  const targets = new Map<string, { origin: string; path: string }>();
  const client: UpstreamClient = async (request) => {
    if (globalThis.fetch !== loadedFetch) return viaFetch(request);
    let target = targets.get(request.url);
    if (target === undefined) {
      const url = new URL(request.url);
      target = { origin: url.origin, path: url.pathname + url.search };
      targets.set(request.url, target);
    }
    const response = await dispatcher.request({
      origin: target.origin,
      path: target.path,
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      signal: request.signal,
    });
    const headers = response.headers;
    const header = (name: string): string | null => {
      const value = headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    };
    const coding = header('content-encoding')?.trim().toLowerCase();
    const decode = coding === undefined ? undefined : DECODERS[coding];
    let body: Readable = response.body;
    if (decode) {
      const decoded = decode();
      // An upstream that breaks mid-body errors the decoded stream too.
      pipeline(response.body, decoded, () => {});
      body = decoded;
    }
    return { status: response.statusCode, header, body: readerOf(body, response.body) };
  };
  return Object.assign(client, { close: async () => own?.close() });
}

const ignore = () => {};

/** A Node readable as a chunk reader; cancelling destroys the raw body, which aborts the request. */
function readerOf(body: Readable, raw: Readable): UpstreamBody {
  // Errors reach the reader through the iterator (which sees one that happened before its first read); a
  // body errored or destroyed while nobody reads (an abort, a cancel) must not become an uncaught exception.
  raw.on('error', ignore);
  body.on('error', ignore);
  const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Uint8Array, undefined>;
  return {
    read: () => chunks.next() as Promise<UpstreamChunk>,
    cancel: async () => {
      raw.destroy();
      if (body !== raw) body.destroy();
    },
  };
}
