// The Node adapter: node:http / Express / Connect (req, res[, next]) -> Fetch Request -> handler ->
// Response written back with backpressure. It imports nothing from Node at runtime (the req/res
// shapes below are structural), which is why the root entry can export it without dragging Node
// built-ins into edge bundles.
import { createErrorBody } from '@using-ai/core';
import { type DirectBody, directBodyOf } from './direct-body';
import type { ProxyContext } from './options';

/** The parts of `http.IncomingMessage` (or an Express/Connect request) the adapter uses. */
export interface NodeRequestLike {
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
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  pause(): unknown;
  resume(): unknown;
}

/** The parts of `http.ServerResponse` the adapter uses. */
export interface NodeResponseLike {
  statusCode: number;
  headersSent: boolean;
  writableFinished: boolean;
  writableEnded: boolean;
  setHeader(name: string, value: string | string[]): unknown;
  flushHeaders(): void;
  cork(): void;
  uncork(): void;
  write(chunk: Uint8Array): boolean;
  end(): unknown;
  destroy(error?: Error): unknown;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  on(event: 'close' | 'drain', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
}

export type FetchHandler = (request: Request, context?: ProxyContext) => Promise<Response> | Response;

/** A node:http request listener that is also Express/Connect middleware (`next` receives unexpected errors). */
export type NodeHandler = (
  req: NodeRequestLike,
  res: NodeResponseLike,
  next?: (error?: unknown) => void,
) => Promise<void>;

// The Host header only shapes `request.url` for the app's own code; routing never trusts it.
const SAFE_HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

export function toNodeHandler(handler: FetchHandler): NodeHandler {
  return async (req, res, next) => {
    const target = req.originalUrl ?? req.url ?? '/';
    if (!target.startsWith('/')) {
      // Absolute-form (`POST http://elsewhere/...`) is for forward proxies; this is not one.
      writeJsonError(res, 400, 'invalid_request_error', 'The request target must be a path.');
      return;
    }
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });

    let response: Response;
    try {
      response = await handler(toRequest(req, target, abort.signal), {
        clientAddress: req.socket?.remoteAddress,
      });
    } catch (error) {
      if (next) next(error);
      else writeJsonError(res, 500, 'server_error', 'The proxy failed to handle this request.');
      return;
    }
    await writeResponse(response, res, abort.signal);
  };
}

function toRequest(req: NodeRequestLike, target: string, signal: AbortSignal): Request {
  const host =
    typeof req.headers.host === 'string' && SAFE_HOST.test(req.headers.host) ? req.headers.host : 'localhost';
  const url = `${req.socket?.encrypted ? 'https' : 'http'}://${host}${target}`;
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] as string;
    if (name.startsWith(':')) continue;
    try {
      headers.append(name, req.rawHeaders[i + 1] as string);
    } catch {
      // A header Fetch refuses is one the proxy would never forward anyway.
    }
  }
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return new Request(url, { method, headers, signal });
  return new Request(url, { method, headers, signal, body: requestBody(req), duplex: 'half' } as RequestInit);
}

function requestBody(req: NodeRequestLike): BodyInit {
  if (req.readableEnded && req.body !== undefined) {
    // An Express/Connect body parser got there first; re-serialise what it parsed.
    if (typeof req.body === 'string' || req.body instanceof Uint8Array) return req.body as BodyInit;
    return JSON.stringify(req.body);
  }
  let closed = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.on('data', (chunk) => {
          if (closed) return;
          controller.enqueue(chunk);
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.on('end', () => {
          if (closed) return;
          closed = true;
          controller.close();
        });
        req.on('error', (error) => {
          if (closed) return;
          closed = true;
          controller.error(error);
        });
      },
      pull() {
        req.resume();
      },
      cancel() {
        // The handler stopped reading (e.g. 413). Keep draining so the response can still be delivered.
        closed = true;
        req.resume();
      },
    },
    { highWaterMark: 65_536, size: (chunk) => chunk.byteLength },
  );
}

async function writeResponse(response: Response, res: NodeResponseLike, signal: AbortSignal): Promise<void> {
  res.statusCode = response.status;
  for (const [name, value] of response.headers) {
    if (name === 'set-cookie') continue;
    res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);

  if (response.body === null) {
    res.end();
    return;
  }
  const direct = directBodyOf(response);
  let corked = false;
  const uncork = () => {
    if (!corked) return;
    corked = false;
    res.uncork();
  };
  // SSE: send the headers now, so the client knows the stream started before the first token. Corked
  // until the next tick, they leave in one packet with the first chunk when it is already here.
  if (response.headers.get('content-type')?.includes('text/event-stream')) {
    corked = true;
    res.cork();
    res.flushHeaders();
    process.nextTick(uncork);
  }
  if (direct) {
    const cork = () => {
      if (corked) return;
      corked = true;
      res.cork();
      process.nextTick(uncork);
    };
    await writeDirect(direct, res, signal, cork, uncork);
    uncork();
    return;
  }

  const reader = response.body.getReader();
  const stop = () => {
    reader.cancel().catch(() => {});
  };
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // Chunks already queued arrive within the same tick; corking until the next tick sends them
      // in one write instead of one syscall each, without holding any of them back.
      if (!corked) {
        corked = true;
        res.cork();
        process.nextTick(uncork);
      }
      if (!res.write(value)) {
        uncork();
        await drained(res);
      }
      if (signal.aborted) return;
    }
    res.end();
  } catch {
    // The upstream stream broke mid-body: cut the connection so the client sees an incomplete
    // response rather than a clean end it would trust.
    res.destroy();
  } finally {
    signal.removeEventListener('abort', stop);
  }
}

/** The fast lane: upstream socket chunks written straight to the client socket, same transform. */
function writeDirect(
  body: DirectBody,
  res: NodeResponseLike,
  signal: AbortSignal,
  cork: () => void,
  uncork: () => void,
): Promise<void> {
  return new Promise((resolve) => {
    const pipe = body.pipeTo({
      write(chunk) {
        cork();
        if (res.write(chunk)) return true;
        // Full: flush now and pause the source until the socket drains.
        uncork();
        return false;
      },
      end() {
        signal.removeEventListener('abort', stop);
        res.end();
        resolve();
      },
      fail() {
        signal.removeEventListener('abort', stop);
        // Cut the connection so the client sees an incomplete response, not a clean end.
        res.destroy();
        resolve();
      },
    });
    const stop = () => {
      pipe.cancel();
      resolve();
    };
    res.on('drain', () => pipe.resume());
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
}

function drained(res: NodeResponseLike): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

function writeJsonError(res: NodeResponseLike, status: number, type: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.write(new TextEncoder().encode(JSON.stringify(createErrorBody(type, message))));
  res.end();
}
