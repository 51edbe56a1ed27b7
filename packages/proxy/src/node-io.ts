// Reading a node:http request and writing a node:http response, for both lanes of the Node adapter.
// Structural types only: no Node built-ins at runtime (the root entry exports the adapter).
import { type DirectBody, directBodyOf } from './direct-body';
import type { HeaderRecord, Reply } from './error-response';
import type { NodeReadableLike, NodeRequestLike, NodeResponseLike } from './node-handler';
import type { BodySource } from './read-body';

// The Host header only shapes `request.url` for the app's own code; routing never trusts it.
const SAFE_HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** Methods `new Request()` refuses. */
export const FETCH_FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

export function requestUrl(req: NodeRequestLike, target: string): string {
  const host =
    typeof req.headers.host === 'string' && SAFE_HOST.test(req.headers.host) ? req.headers.host : 'localhost';
  return `${req.socket?.encrypted ? 'https' : 'http'}://${host}${target}`;
}

const HTTP_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;

/** A request header as the Request built by `toRequest` would read it (`Headers.get`). */
export function rawHeader(rawHeaders: string[], name: string): string | null {
  let value: string | null = null;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const raw = rawHeaders[i] as string;
    if (raw.length !== name.length || raw.toLowerCase() !== name) continue;
    const item = (rawHeaders[i + 1] as string).replace(HTTP_WHITESPACE, '');
    value = value === null ? item : `${value}, ${item}`;
  }
  return value;
}

/** The Fetch Request for a node:http request; without `withBody`, a body-less one (the body was read). */
export function toRequest(
  req: NodeRequestLike,
  url: string,
  signal: AbortSignal,
  withBody: boolean,
): Request {
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
  if (method === 'GET' || method === 'HEAD' || !withBody)
    return new Request(url, { method, headers, signal });
  return new Request(url, { method, headers, signal, body: requestBody(req), duplex: 'half' } as RequestInit);
}

/** The body an Express/Connect parser already consumed, re-serialised; `undefined` when none did. */
function parsedBody(req: NodeRequestLike): string | Uint8Array | undefined {
  if (!req.readableEnded || req.body === undefined) return undefined;
  if (typeof req.body === 'string' || req.body instanceof Uint8Array) return req.body;
  return JSON.stringify(req.body) ?? '';
}

function requestBody(req: NodeRequestLike): BodyInit {
  const parsed = parsedBody(req);
  if (parsed !== undefined) return parsed as BodyInit;
  // When the handler stops reading (e.g. 413), keep draining so the response can still be delivered.
  return webStreamOf(req, { cancel: () => req.resume(), bufferBytes: 65_536 });
}

export interface WebStreamOptions {
  /** The reader cancelled the stream. */
  cancel(): void;
  /** Asked on `close`: true when the source closed before its end (the stream then errors). */
  incomplete?: () => boolean;
  /** Bytes buffered ahead of the reader; default 0 (read only on demand). */
  bufferBytes?: number;
}

/**
 * A node Readable as a web stream, with backpressure (the source pauses when the queue is full).
 * Listeners are attached on the first pull, so a consumer taking a direct lane instead stays the
 * only reader of the source.
 */
export function webStreamOf(source: NodeReadableLike, options: WebStreamOptions): ReadableStream<Uint8Array> {
  let finished = false;
  let listening = false;
  const listen = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    listening = true;
    source.on('data', (chunk) => {
      if (finished) return;
      controller.enqueue(chunk);
      if ((controller.desiredSize ?? 0) <= 0) source.pause();
    });
    source.on('end', () => {
      if (finished) return;
      finished = true;
      controller.close();
    });
    const fail = (error?: Error) => {
      if (finished) return;
      finished = true;
      controller.error(error ?? new Error('The connection closed early.'));
    };
    source.on('error', fail);
    const { incomplete } = options;
    if (incomplete) {
      source.on('close', () => {
        if (incomplete()) fail();
      });
    }
  };
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (!listening) listen(controller);
        source.resume();
      },
      cancel() {
        finished = true;
        options.cancel();
      },
    },
    options.bufferBytes
      ? { highWaterMark: options.bufferBytes, size: (chunk) => chunk.byteLength }
      : { highWaterMark: 0 },
  );
}

/** The Node lane's body: the IncomingMessage's own events, no web stream. */
export function nodeBodySource(req: NodeRequestLike): BodySource {
  const parsed = parsedBody(req);
  if (parsed !== undefined) {
    const bytes = typeof parsed === 'string' ? new TextEncoder().encode(parsed) : parsed;
    return {
      start(sink) {
        sink.data(bytes);
        sink.end();
      },
      stop() {},
    };
  }
  return {
    start(sink) {
      req.on('data', (chunk) => sink.data(chunk));
      req.on('end', () => sink.end());
      req.on('error', () => sink.fail());
    },
    // Keep draining so the response can still be delivered.
    stop: () => req.resume(),
  };
}

export interface Corker {
  /** Corks until the next tick: chunks written in the same tick leave in one write. */
  cork(): void;
  uncork(): void;
}

/** Called once status and headers are set, before the body. */
function beginBody(res: NodeResponseLike, eventStream: boolean): Corker {
  let corked = false;
  const uncork = () => {
    if (!corked) return;
    corked = false;
    res.uncork();
  };
  const cork = () => {
    if (corked) return;
    corked = true;
    res.cork();
    // Uncorked once this turn's socket reads are handled: chunks (and the end of the body) that arrive
    // in the same read leave in one write instead of one syscall each, none held back longer.
    setImmediate(uncork);
  };
  // SSE: send the headers now, so the client knows the stream started before the first token; corked
  // like a chunk, they share the packet with the first chunk when it is already here.
  if (eventStream) {
    cork();
    res.flushHeaders();
  }
  return { cork, uncork };
}

function setHeaders(res: NodeResponseLike, headers: HeaderRecord): void {
  for (const name in headers) res.setHeader(name, headers[name] as string);
}

/**
 * A request whose body was left unread (413, 408, a refusal before reading) must not keep its connection:
 * to reuse the socket Node would drain the rest of the body, however large. The reply closes it instead.
 */
function closeIfBodyUnread(res: NodeResponseLike): void {
  if (res.req && !res.req.complete) res.setHeader('connection', 'close');
}

/** Status, headers (`extra` over `headers`), then the body writer. */
export function writeHead(
  res: NodeResponseLike,
  status: number,
  headers: HeaderRecord,
  extra: HeaderRecord | undefined,
  eventStream: boolean,
): Corker {
  res.statusCode = status;
  setHeaders(res, headers);
  if (extra) setHeaders(res, extra);
  closeIfBodyUnread(res);
  return beginBody(res, eventStream);
}

const encoder = new TextEncoder();

export function writeReply(res: NodeResponseLike, reply: Reply, extra: HeaderRecord | undefined): void {
  writeHead(res, reply.status, reply.headers, extra, false);
  if (reply.body !== null) res.write(encoder.encode(reply.body));
  res.end();
}

export async function writeResponse(
  response: Response,
  res: NodeResponseLike,
  signal: AbortSignal,
): Promise<void> {
  res.statusCode = response.status;
  for (const [name, value] of response.headers) {
    if (name === 'set-cookie') continue;
    res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  closeIfBodyUnread(res);

  if (response.body === null) {
    res.end();
    return;
  }
  const direct = directBodyOf(response);
  const corker = beginBody(res, response.headers.get('content-type')?.includes('text/event-stream') === true);
  if (direct) {
    const pipe = writeDirect(direct, res, corker);
    const stop = () => pipe.cancel();
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
    await pipe.done;
    signal.removeEventListener('abort', stop);
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
      corker.cork();
      if (!res.write(value)) {
        corker.uncork();
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

export interface DirectWrite {
  /** Resolves when the body ended, broke or was cancelled. */
  done: Promise<void>;
  /** The client went away: stop the source at once. */
  cancel(): void;
}

/** The fast lane: upstream socket chunks written straight to the client socket, with backpressure. */
export function writeDirect(body: DirectBody, res: NodeResponseLike, corker: Corker): DirectWrite {
  let resolve!: () => void;
  const done = new Promise<void>((settle) => {
    resolve = settle;
  });
  const onDrain = () => pipe.resume();
  const finish = () => {
    res.off('drain', onDrain);
    corker.uncork();
    resolve();
  };
  const pipe = body.pipeTo({
    write(chunk) {
      corker.cork();
      if (res.write(chunk)) return true;
      // Full: flush now and pause the source until the socket drains.
      corker.uncork();
      return false;
    },
    end() {
      res.end();
      finish();
    },
    fail() {
      // Cut the connection so the client sees an incomplete response, not a clean end.
      res.destroy();
      finish();
    },
  });
  res.on('drain', onDrain);
  return {
    done,
    cancel() {
      pipe.cancel();
      finish();
    },
  };
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
