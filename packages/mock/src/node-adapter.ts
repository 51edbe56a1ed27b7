// Serves a Fetch handler on node:http: IncomingMessage → Request, Response → ServerResponse, streaming
// with backpressure. A client that goes away aborts the Request's signal and cancels the body.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

/** A Fetch-standard handler: a `Request` in, a `Response` out. */
export type FetchHandler = (request: Request) => Promise<Response>;

function toRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const host = req.headers.host ?? 'localhost';
  const url = new URL(req.url ?? '/', `http://${host}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal };
  if (hasBody) {
    init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
    init.duplex = 'half';
  }
  return new Request(url, init);
}

async function writeBody(body: ReadableStream<Uint8Array>, res: ServerResponse): Promise<void> {
  const reader = body.getReader();
  const onClose = () => {
    reader.cancel().catch(() => {});
  };
  res.once('close', onClose);
  // Resolves once the last chunk has reached the socket (or the socket is gone).
  let flushed: Promise<void> = Promise.resolve();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) return;
      let ok = true;
      flushed = new Promise<void>((resolve) => {
        ok = res.write(value, () => resolve());
      });
      if (!ok) {
        await new Promise<void>((resolve) => {
          const go = () => {
            res.off('drain', go);
            res.off('close', go);
            resolve();
          };
          res.once('drain', go);
          res.once('close', go);
        });
      }
    }
    res.end();
  } catch {
    // The body errored on purpose (drop_mid_stream, close()): deliver what was written, then cut the
    // connection without finishing the response so the client sees a broken stream.
    await Promise.race([flushed, new Promise<void>((resolve) => res.once('close', () => resolve()))]);
    res.destroy();
  } finally {
    res.off('close', onClose);
  }
}

/** Serves a Fetch handler on `node:http`: streams both bodies and aborts the request's signal when the client leaves. */
export function toNodeListener(handler: FetchHandler): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const controller = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    handler(toRequest(req, controller.signal))
      .then(async (response) => {
        if (res.destroyed) {
          await response.body?.cancel().catch(() => {});
          return;
        }
        const headers: Record<string, string | string[]> = {};
        response.headers.forEach((value, name) => {
          headers[name] = value;
        });
        // A body we refused to read (413) leaves the connection mid-request: it must not be reused.
        if (!req.complete) headers.connection = 'close';
        res.writeHead(response.status, headers);
        if (!response.body) {
          res.end();
          return;
        }
        // Headers go out now, before the first token, as a real streaming API does.
        res.flushHeaders();
        await writeBody(response.body, res);
      })
      .catch((error: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
          res.end(
            JSON.stringify({
              error: { type: 'server_error', message: `Mock handler failed: ${String(error)}` },
            }),
          );
        } else {
          res.destroy();
        }
      });
  };
}
