// Serves a Fetch handler on node:http through @hono/node-server's request listener: a well-kept adapter
// (streaming with backpressure, client-gone aborts the Request's signal, lingering drain of unread bodies)
// that the proxy uses too. What it leaves to us: answers in the API's error shape for requests it cannot
// turn into a Request (malformed Host or URL: 400) and for TRACE/TRACK (405), which before threw outside
// the promise chain and killed the process.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener, RequestError } from '@hono/node-server';
import { errorResponse } from './responses';

/** A Fetch-standard handler, `(Request) => Promise<Response>`. */
export type FetchHandler = (request: Request) => Promise<Response>;

/** Methods the Fetch API cannot represent (TRACE echoes requests back: a cross-site tracing vector). */
const UNSUPPORTED_METHODS = new Set(['TRACE', 'TRACK', 'CONNECT']);

/**
 * A body that, when the handler's body breaks (the drop_mid_stream fault, close()), cuts the connection
 * after what was already written instead of erroring: ending the socket flushes the chunks sent so far
 * and never writes the chunked terminator, so the client sees a broken stream after real data. (An
 * erroring body would make the adapter destroy the socket at once, losing the corked last chunks, and
 * log the error.)
 */
function cutOnError(body: ReadableStream<Uint8Array>, outgoing: ServerResponse): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let broken = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (broken) return new Promise<void>(() => {});
        try {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch {
          broken = true;
          outgoing.socket?.destroySoon();
          // Nothing more will come; the socket's close cancels this stream.
          return new Promise<void>(() => {});
        }
      },
      cancel(reason) {
        return reader.cancel(reason).catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * Marks a body of unknown length as chunked: the adapter otherwise reads the first chunks before it
 * sends the headers (to set a Content-Length), which holds back the status of a stream that is slow to
 * start and loses it for one that breaks at once.
 */
function streamed(response: Response, outgoing: ServerResponse): Response {
  if (!response.body || response.headers.has('content-length')) return response;
  const headers = new Headers(response.headers);
  headers.set('transfer-encoding', 'chunked');
  return new Response(cutOnError(response.body, outgoing), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

/** Turns a Fetch handler into a `node:http` request listener. No request, however malformed, throws out of it. */
export function toNodeListener(handler: FetchHandler): (req: IncomingMessage, res: ServerResponse) => void {
  const listener = getRequestListener(
    (request, env) => handler(request).then((response) => streamed(response, env.outgoing as ServerResponse)),
    {
      // Tests run in this process: the user's global Request/Response (jsdom, MSW, undici) stay untouched.
      overrideGlobalObjects: false,
      // HTTP/1.0 clients may send no Host at all.
      hostname: 'localhost',
      errorHandler: (error) =>
        error instanceof RequestError
          ? errorResponse(400, 'invalid_request_error', `Bad request: ${error.message}.`)
          : errorResponse(500, 'server_error', `Mock handler failed: ${String(error)}`),
    },
  );
  return (req, res) => {
    const method = (req.method ?? '').toUpperCase();
    if (UNSUPPORTED_METHODS.has(method)) {
      const refusal = errorResponse(405, 'method_not_allowed', `${method} is not supported.`, {
        allow: 'GET, POST, DELETE, PATCH, PUT, OPTIONS',
      });
      void refusal.text().then((body) => {
        const headers = Object.fromEntries(refusal.headers);
        res.writeHead(405, { ...headers, 'content-length': Buffer.byteLength(body) }).end(body);
      });
      return;
    }
    listener(req, res).catch(() => {
      // The adapter answers its own errors; anything left means the socket is unusable.
      res.destroy();
    });
  };
}
