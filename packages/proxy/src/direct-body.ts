// An optional fast lane for bodies between two Node sockets. A Response may carry, next to its
// standard ReadableStream body, a push source under DIRECT_BODY; an adapter that can write chunks
// straight to a socket (toNodeHandler) uses it and skips two web streams and a promise per chunk.
// Everyone else reads `response.body` as usual. Runtime-neutral: no Node imports here.
import type { ChunkTransform } from './pass-through';

export const DIRECT_BODY = Symbol.for('@using-ai/proxy.direct-body');

export interface DirectSink {
  /** Takes a chunk; `false` asks the source to pause until `resume()` is called. */
  write(chunk: Uint8Array): boolean;
  end(): void;
  /** The source broke before its end. */
  fail(): void;
}

export interface DirectPipe {
  resume(): void;
  /** Stops the source at once (the client went away). */
  cancel(): void;
}

export interface DirectBody {
  pipeTo(sink: DirectSink): DirectPipe;
}

type WithDirectBody = Response & { [DIRECT_BODY]?: DirectBody };

export function attachDirectBody(response: Response, body: DirectBody): Response {
  Object.defineProperty(response, DIRECT_BODY, { value: body, enumerable: false });
  return response;
}

/** The direct source, if the response has one and its web body was never touched. */
export function directBodyOf(response: Response): DirectBody | undefined {
  const body = (response as WithDirectBody)[DIRECT_BODY];
  if (body === undefined || response.bodyUsed || response.body?.locked) return undefined;
  return body;
}

/** The same transform the web path runs, applied to a direct source. */
export function transformDirect(source: DirectBody, steps: ChunkTransform): DirectBody {
  return {
    pipeTo(sink) {
      let ok = true;
      const out = {
        enqueue(chunk: Uint8Array) {
          if (!sink.write(chunk)) ok = false;
        },
      };
      return source.pipeTo({
        write(chunk) {
          ok = true;
          steps.transform(chunk, out);
          return ok;
        },
        end() {
          steps.flush(out);
          sink.end();
        },
        fail: () => sink.fail(),
      });
    },
  };
}

/**
 * An upstream call without Fetch objects, for the Node lane: `createNodeFetch` attaches one to the
 * fetch it returns, under NODE_UPSTREAM. The URL is one of the proxy's fixed upstream URLs.
 */
export type NodeUpstream = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string | undefined },
) => NodeUpstreamExchange;

export interface NodeUpstreamExchange {
  /** Rejects when upstream cannot be reached or the exchange was aborted before its headers. */
  response: Promise<NodeUpstreamResponse>;
  /** Drops the upstream connection at once (before or after the response headers). */
  abort(): void;
}

export interface NodeUpstreamResponse {
  status: number;
  /** A response header as `Headers.get` reads it (repeated values joined with ", "), or `null`. */
  header(name: string): string | null;
  /** `null` for statuses that carry no body. */
  body: DirectBody | null;
}

export const NODE_UPSTREAM = Symbol.for('@using-ai/proxy.node-upstream');

export function nodeUpstreamOf(fetchImpl: typeof fetch | undefined): NodeUpstream | undefined {
  return (fetchImpl as { [NODE_UPSTREAM]?: NodeUpstream } | undefined)?.[NODE_UPSTREAM];
}
