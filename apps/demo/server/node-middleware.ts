// Edge adapter: runs a Fetch-style handler as Connect middleware (what Vite's dev and preview servers use).
import type { IncomingMessage, ServerResponse } from 'node:http';

type MaybeHandler = (request: Request) => Promise<Response | null>;

const MAX_BODY = 64 * 1024;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of req) {
    size += (part as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    parts.push(part as Buffer);
  }
  return Buffer.concat(parts);
}

export function toConnectMiddleware(handler: MaybeHandler, prefix: string) {
  return (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void => {
    if (!req.url?.startsWith(prefix)) {
      next();
      return;
    }
    void (async () => {
      const method = req.method ?? 'GET';
      const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req);
      const request = new Request(new URL(req.url ?? '/', 'http://localhost'), {
        method,
        headers: { 'content-type': String(req.headers['content-type'] ?? 'application/json') },
        body: body ? new Uint8Array(body) : undefined,
      });
      const response = await handler(request);
      if (!response) {
        next();
        return;
      }
      res.statusCode = response.status;
      response.headers.forEach((value, key) => {
        res.setHeader(key, value);
      });
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      res.statusCode = 500;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          error: { type: 'server_error', message: String((error as Error)?.message ?? error) },
        }),
      );
    });
  };
}
