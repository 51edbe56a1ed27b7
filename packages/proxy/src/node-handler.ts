// The Node adapter: node:http / Express / Connect (req, res[, next]) -> the Fetch handler -> the
// Response written back, on @hono/node-server's request listener (a well-kept adapter: lazy Request,
// backpressure, client-gone abort, a bounded drain of unread bodies). There is no second path: a
// createProxy handler is called like any Fetch handler. This file imports nothing from Node: the root
// entry's toNodeHandler loads the adapter on its first request (so the root still bundles for edge
// runtimes); '@using-ai/proxy/node' passes it in statically (node-adapter.ts), which bundlers follow.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createErrorBody } from '@using-ai/core/server';
import type { ProxyContext } from './options';

/** The parts of `http.IncomingMessage` (or an Express/Connect request) the adapter reads. */
export interface NodeRequestLike {
  method?: string | undefined;
  url?: string | undefined;
  /** Express and Connect keep the full path here when a router strips the mount path from `url`. */
  originalUrl?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string | undefined; encrypted?: boolean } | null | undefined;
  /** A body an Express/Connect parser already consumed (mount the proxy before body parsers if you can). */
  body?: unknown;
  readableEnded?: boolean;
}

/** The parts of `http.ServerResponse` the adapter relies on (pass the real one). */
export interface NodeResponseLike {
  statusCode: number;
  headersSent: boolean;
  writableEnded: boolean;
  /** Sets one response header. */
  setHeader(name: string, value: string | string[]): unknown;
  /** Ends the response, with a last chunk if given. */
  end(chunk?: Uint8Array | string): unknown;
  /** Closes the connection at once. */
  destroy(error?: Error): unknown;
}

/** Any Fetch handler: `createProxy`'s, or an app's own. */
export type FetchHandler = (request: Request, context?: ProxyContext) => Promise<Response> | Response;

/** A node:http request listener that is also Express/Connect middleware (`next` receives unexpected errors). */
export type NodeHandler = (
  req: NodeRequestLike,
  res: NodeResponseLike,
  next?: (error?: unknown) => void,
) => Promise<void>;

type Listener = (req: NodeRequestLike, res: NodeResponseLike) => Promise<void>;
type Next = (error?: unknown) => void;
interface Env {
  incoming: NodeRequestLike;
}
/** `getRequestListener` of @hono/node-server, as far as this file uses it. */
export interface AdapterModule {
  getRequestListener(
    fetch: (request: Request, env: Env) => Promise<Response>,
    options: {
      hostname?: string;
      overrideGlobalObjects?: boolean;
      errorHandler?: (error: unknown) => Response | Promise<Response>;
    },
  ): Listener;
}

// A specifier in a variable: edge bundlers leave the import alone (it never runs there).
const ADAPTER = '@hono/node-server';
let adapter: Promise<AdapterModule> | undefined;

const encoder = new TextEncoder();
function jsonError(status: number, type: string, message: string): Response {
  return new Response(encoder.encode(JSON.stringify(createErrorBody(type, message))), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}

/** Tells the Hono listener that the response was already handled (by Express's `next`). */
const ALREADY_SENT = 'x-hono-already-sent';

/**
 * Wraps a Fetch handler as a node:http listener and Express/Connect middleware. This root-entry version
 * loads @hono/node-server on the first request; when you bundle your server, import `toNodeHandler` from
 * `@using-ai/proxy/node` instead (the same function with the adapter imported statically).
 */
export function toNodeHandler(handler: FetchHandler): NodeHandler {
  return nodeHandlerOn(() => {
    adapter ??= import(/* @vite-ignore */ ADAPTER) as Promise<AdapterModule>;
    return adapter;
  }, handler);
}

/** The adapter around `handler`, with `load` giving @hono/node-server (lazily or at once). */
export function nodeHandlerOn(
  load: () => AdapterModule | Promise<AdapterModule>,
  handler: FetchHandler,
): NodeHandler {
  const nexts = new WeakMap<object, Next>();
  let listener: Listener | undefined;

  const fetchCallback = async (request: Request, env: Env): Promise<Response> => {
    try {
      return await handler(request, { clientAddress: env.incoming.socket?.remoteAddress });
    } catch (error) {
      const next = nexts.get(env.incoming);
      if (!next) return jsonError(500, 'server_error', 'The proxy failed to handle this request.');
      next(error);
      return new Response(null, { headers: { [ALREADY_SENT]: 'true' } });
    }
  };
  const listen = async (): Promise<Listener> => {
    listener ??= (await load()).getRequestListener(fetchCallback, {
      // A request without Host (HTTP/1.0) still gets a URL; routing never trusts the host.
      hostname: 'localhost',
      // A library must not swap the app's global Request and Response.
      overrideGlobalObjects: false,
      // Only requests Node parsed but Fetch cannot represent get here (a Host such as `a b` or `[::1`).
      errorHandler: () => jsonError(400, 'invalid_request_error', 'The request could not be parsed.'),
    });
    return listener;
  };

  return async (req, res, next) => {
    // Every reply, ours below included, lingers over a body it did not read.
    (res as unknown as ServerResponse).once('finish', () => linger(req as IncomingMessage));
    const target = req.originalUrl ?? req.url ?? '/';
    if (!target.startsWith('/')) {
      // Absolute-form (`POST http://elsewhere/...`) is for forward proxies; this is not one.
      writeJsonError(res, 400, 'invalid_request_error', 'The request target must be a path.');
      return;
    }
    // Routing sees the full path even when Express stripped the mount path from `url`.
    req.url = target;
    const parsed = parsedBody(req);
    if (parsed !== undefined) (req as { rawBody?: Buffer }).rawBody = parsed;
    if (next) nexts.set(req, next);
    try {
      await (listener ?? (await listen()))(req, res);
    } catch (error) {
      if (next) next(error);
      else writeJsonError(res, 500, 'server_error', 'The proxy failed to handle this request.');
    }
  };
}

/** Most bytes of an unread body read and thrown away after an early reply before the connection is cut. */
export const LINGER_BYTES = 16 * 1_048_576;
/** Longest such lingering (@hono/node-server's own drain cuts at 500 ms; this is the backstop). */
export const LINGER_MS = 2_000;
const LINGER_CHECK_MS = 25;

/**
 * Lingering close, as nginx does it: a reply sent before the body was read (413, 404, 408) only reaches
 * a client that is still uploading if the server keeps reading; closing at once resets the connection
 * and Node's fetch sees EPIPE instead of the answer. So the rest of the body is read and discarded, for
 * a bounded time and size (memory stays flat), then the connection is cut unless the body ended.
 */
function linger(req: IncomingMessage): void {
  const socket = req.socket;
  if (req.complete || req.destroyed || !socket) return;
  // A Fetch body reader paused by backpressure would hold the stream; nobody reads it any more. (A body
  // never touched is discarded by Node's parser itself, without events: count it on the socket.)
  req.removeAllListeners('data');
  req.resume();
  const start = socket.bytesRead;
  const stop = () => {
    clearInterval(check);
    clearTimeout(deadline);
    // The connection may serve many more requests: leave no listener behind on it.
    socket.off('close', stop);
    req.off('end', stop);
  };
  const cut = () => {
    stop();
    // A body that ended in time leaves a reusable connection (maybe serving the next request now).
    if (!req.complete) socket.destroy();
  };
  const deadline = setTimeout(cut, LINGER_MS);
  const check = setInterval(() => {
    if (socket.bytesRead - start > LINGER_BYTES) cut();
  }, LINGER_CHECK_MS);
  deadline.unref?.();
  check.unref?.();
  req.once('end', stop);
  socket.once('close', stop);
}

/** The body an Express/Connect parser already consumed, re-serialised; `undefined` when none did. */
function parsedBody(req: NodeRequestLike): Buffer | undefined {
  if (!req.readableEnded || req.body === undefined) return undefined;
  if (req.body instanceof Uint8Array) return Buffer.from(req.body);
  return Buffer.from(typeof req.body === 'string' ? req.body : (JSON.stringify(req.body) ?? ''));
}

/** A JSON error in the API's shape, straight on the response (before the adapter is involved). */
export function writeJsonError(res: NodeResponseLike, status: number, type: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(encoder.encode(JSON.stringify(createErrorBody(type, message))));
}
