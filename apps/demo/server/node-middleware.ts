// Runs a Fetch-style handler as Connect middleware (what Vite's dev and preview servers use), on the same
// Node adapter as the proxy (@using-ai/proxy/node's toNodeHandler, on @hono/node-server): a malformed
// request gets a 400 in the API's error shape and the server keeps running.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toNodeHandler } from '@using-ai/proxy/node';

type MaybeHandler = (request: Request) => Promise<Response | null>;

/** The demo endpoints take small JSON bodies only. */
const MAX_BODY = 64 * 1024;

/** Thrown inside the adapter when the handler owns no such path: the request goes on to `next()`. */
const NOT_MINE = Symbol('not mine');

export function toConnectMiddleware(handler: MaybeHandler, prefix: string) {
  const node = toNodeHandler(async (request) => {
    if (Number(request.headers.get('content-length')) > MAX_BODY) {
      return Response.json(
        { error: { type: 'request_too_large', message: `The body is larger than ${MAX_BODY} bytes.` } },
        { status: 413 },
      );
    }
    const response = await handler(request);
    if (!response) throw NOT_MINE;
    return response;
  });
  return (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void => {
    if (!req.url?.startsWith(prefix)) {
      next();
      return;
    }
    void node(req, res, (error) => next(error === NOT_MINE ? undefined : error));
  };
}
