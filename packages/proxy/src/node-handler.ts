// The Node adapter: node:http / Express / Connect (req, res[, next]) -> Fetch Request -> handler ->
// Response written back with backpressure. Given a createProxy handler, it takes the Node lane instead
// (node-lane.ts): the same decisions, without building Fetch objects. It imports nothing from Node at
// runtime (the req/res shapes below are structural), which is why the root entry can export it
// without dragging Node built-ins into edge bundles.
import { createErrorBody } from '@using-ai/core/server';
import { FETCH_FORBIDDEN_METHODS, requestUrl, toRequest, writeResponse } from './node-io';
import { serveNode } from './node-lane';
import type { ProxyContext } from './options';
import { internalsOf } from './proxy-internals';

/** The events of a node Readable (an IncomingMessage) the adapter reads. */
export interface NodeReadableLike {
  /** Body bytes as they arrive. */
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  /** The body ended, or the connection closed. */
  on(event: 'end' | 'close', listener: () => void): unknown;
  /** The body could not be read. */
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** Stops `data` events (back-pressure). */
  pause(): unknown;
  /** Restarts `data` events. */
  resume(): unknown;
}

/** The parts of `http.IncomingMessage` (or an Express/Connect request) the adapter uses. */
export interface NodeRequestLike extends NodeReadableLike {
  method?: string | undefined;
  url?: string | undefined;
  /** Express and Connect keep the full path here when a router strips the mount path from `url`. */
  originalUrl?: string | undefined;
  rawHeaders: string[];
  headers: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string | undefined; encrypted?: boolean } | null | undefined;
  /** A body an Express/Connect parser already consumed (mount the proxy before body parsers if you can). */
  body?: unknown;
  readableEnded?: boolean;
}

/** The parts of `http.ServerResponse` the adapter uses. */
export interface NodeResponseLike {
  /** The request being answered (Node's ServerResponse has it). */
  req?: { complete: boolean };
  statusCode: number;
  headersSent: boolean;
  writableFinished: boolean;
  writableEnded: boolean;
  /** Sets one response header. */
  setHeader(name: string, value: string | string[]): unknown;
  /** Sends the status line and headers now (SSE responses start at once). */
  flushHeaders(): void;
  /** Buffers writes until `uncork`, so chunks of one turn go out in one packet. */
  cork(): void;
  /** Sends what `cork` buffered. */
  uncork(): void;
  /** Writes body bytes; `false` means wait for `drain`. */
  write(chunk: Uint8Array): boolean;
  /** Ends the response. */
  end(): unknown;
  /** Closes the connection at once (an upstream that broke mid-stream). */
  destroy(error?: Error): unknown;
  /** Called once on the next `drain` or `close`. */
  once(event: 'drain' | 'close', listener: () => void): unknown;
  /** Called on every `close` or `drain`. */
  on(event: 'close' | 'drain', listener: () => void): unknown;
  /** Removes a `drain` or `close` listener. */
  off(event: 'drain' | 'close', listener: () => void): unknown;
}

/** A Fetch-standard handler; the proxy's own takes the adapter's `ProxyContext` as a second argument. */
export type FetchHandler = (request: Request, context?: ProxyContext) => Promise<Response> | Response;

/** A node:http request listener that is also Express/Connect middleware (`next` receives unexpected errors). */
export type NodeHandler = (
  req: NodeRequestLike,
  res: NodeResponseLike,
  next?: (error?: unknown) => void,
) => Promise<void>;

/** Turns a Fetch handler (`createProxy`'s, or any other) into a `node:http` listener that is also Express/Connect middleware. */
export function toNodeHandler(handler: FetchHandler): NodeHandler {
  const internals = internalsOf(handler);
  return async (req, res, next) => {
    const target = req.originalUrl ?? req.url ?? '/';
    if (!target.startsWith('/')) {
      // Absolute-form (`POST http://elsewhere/...`) is for forward proxies; this is not one.
      writeJsonError(res, 400, 'invalid_request_error', 'The request target must be a path.');
      return;
    }
    const fail = (error: unknown) => {
      if (next) next(error);
      else writeJsonError(res, 500, 'server_error', 'The proxy failed to handle this request.');
    };
    // Methods a Fetch Request cannot carry take the Fetch lane too, so both lanes answer them alike.
    if (internals && !FETCH_FORBIDDEN_METHODS.has(req.method ?? 'GET')) {
      try {
        await serveNode(internals, req, res, target);
      } catch (error) {
        fail(error);
      }
      return;
    }

    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    let response: Response;
    try {
      response = await handler(toRequest(req, requestUrl(req, target), abort.signal, true), {
        clientAddress: req.socket?.remoteAddress,
      });
    } catch (error) {
      fail(error);
      return;
    }
    await writeResponse(response, res, abort.signal);
  };
}

export function writeJsonError(res: NodeResponseLike, status: number, type: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.write(new TextEncoder().encode(JSON.stringify(createErrorBody(type, message))));
  res.end();
}
