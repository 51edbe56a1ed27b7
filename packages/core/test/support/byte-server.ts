// A scripted HTTP server for integration tests: each request takes the next scripted response and
// gets exactly those bytes, pauses and faults, over real HTTP on 127.0.0.1.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One piece of a scripted body: bytes, a pause, a connection reset, or a stall until the server closes. */
export type BodyStep = string | Uint8Array | { waitMs: number } | 'reset' | 'stall';

export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  /** Wait this long before sending the status line and headers. */
  headerDelayMs?: number;
  /** Reset the connection instead of answering. */
  resetBeforeHeaders?: boolean;
  body?: BodyStep[];
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface ByteServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  requests: RecordedRequest[];
  /** Replaces the queue of responses; requests beyond it get a 599 so a test notices. */
  script(responses: ScriptedResponse[]): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function play(res: ServerResponse, scripted: ScriptedResponse): Promise<void> {
  if (scripted.headerDelayMs) await pause(scripted.headerDelayMs);
  if (res.destroyed) return;
  if (scripted.resetBeforeHeaders) {
    res.socket?.resetAndDestroy();
    return;
  }
  res.writeHead(scripted.status ?? 200, scripted.headers ?? {});
  res.flushHeaders();
  for (const step of scripted.body ?? []) {
    if (res.destroyed) return;
    if (step === 'stall') return;
    if (step === 'reset') {
      res.socket?.resetAndDestroy();
      return;
    }
    if (typeof step === 'object' && 'waitMs' in step) {
      await pause(step.waitMs);
      continue;
    }
    res.write(step);
    // Let each step leave as its own network write.
    await new Promise((resolve) => setImmediate(resolve));
  }
  res.end();
}

/** Files served on GET at fixed paths (a test page, a bundle), outside the script and the request log. */
export type StaticFiles = Record<string, { contentType: string; body: string }>;

export async function startByteServer(files: StaticFiles = {}): Promise<ByteServer> {
  let queue: ScriptedResponse[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer(async (req, res) => {
    const file = req.method === 'GET' ? files[req.url ?? ''] : undefined;
    if (file) {
      res.writeHead(200, { 'content-type': file.contentType }).end(file.body);
      return;
    }
    const body = await readBody(req);
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    const next = queue.shift() ?? { status: 599, body: ['unscripted request'] };
    await play(res, next);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    script(responses) {
      queue = [...responses];
      requests.length = 0;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** SSE bytes for chunks and an optional `[DONE]`, one event per element. */
export function sse(events: Array<object | string>): string[] {
  return events.map((event) => `data: ${typeof event === 'string' ? event : JSON.stringify(event)}\n\n`);
}
