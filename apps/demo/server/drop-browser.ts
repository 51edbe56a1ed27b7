// Developer-panel fault "Drop browser connection": the next chat request's connection to the page is cut a
// moment after its answer started, while the proxy keeps the upstream request running (durable streams).
// The page's client reconnects with the stream id and Last-Event-ID and the answer goes on with no gap;
// compare "Drop mid-stream", where upstream itself dies and the answer ends interrupted.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';

/** Bytes of the answer the page gets before its connection is cut. */
const CUT_AFTER_BYTES = 1200;

export function dropBrowserPlugin(proxyBase: string): Plugin {
  let armed = false;
  return {
    name: 'using-ai-demo-drop-browser',
    configureServer(server) {
      server.middlewares.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
        if (req.url === '/__demo/drop-browser') {
          if (req.method === 'POST') armed = true;
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ armed }));
          return;
        }
        if (armed && req.method === 'POST' && req.url?.startsWith(`${proxyBase}/chat/completions`)) {
          armed = false;
          cutAfter(req, res, CUT_AFTER_BYTES);
        }
        next();
      });
    },
  };
}

/** Destroys the socket to the page once `limit` bytes of the response body were written. */
function cutAfter(req: IncomingMessage, res: ServerResponse, limit: number) {
  let written = 0;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  res.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    written += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    const ok = write(chunk, ...rest);
    if (written >= limit) setImmediate(() => req.socket.destroy());
    return ok;
  }) as typeof res.write;
}
