// A tiny scripted upstream on real node:http, for what the emulator cannot show: the exact request
// the proxy sent (URL, headers, body) and the moment the proxy hung up.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Script = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>;

export interface TestUpstream {
  url: string;
  seen: SeenRequest[];
  /** Resolves the next time a request's connection closes before its response finished. */
  nextAbort(): Promise<number>;
  setScript(script: Script): void;
  close(): Promise<void>;
}

export async function startUpstream(initial?: Script): Promise<TestUpstream> {
  let script: Script = initial ?? sseScript(['Hello', ' world']);
  const seen: SeenRequest[] = [];
  const abortWaiters: Array<(at: number) => void> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.on('close', () => {
        if (!res.writableFinished) {
          const at = performance.now();
          for (const resolve of abortWaiters.splice(0)) resolve(at);
        }
      });
      void script(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    nextAbort: () => new Promise((resolve) => abortWaiters.push(resolve)),
    setScript: (next) => {
      script = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function chunk(content: string, extra: Record<string, unknown> = {}): string {
  return `data: ${JSON.stringify({
    id: 'c1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
    ...extra,
  })}\n\n`;
}

export const USAGE = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 };

export function usageChunk(): string {
  return `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: USAGE })}\n\n`;
}

/** A well-formed stream; sends the usage chunk only when the request asked for it, like the API. */
export function sseScript(parts: string[], headers: Record<string, string> = {}): Script {
  return (_req, res, body) => {
    const wantsUsage = safeJson(body)?.stream_options?.include_usage === true;
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'x-ratelimit-limit': '60',
      'x-ratelimit-remaining': '59',
      'x-ratelimit-reset': '42',
      ...headers,
    });
    for (const part of parts) res.write(chunk(part));
    if (wantsUsage) res.write(usageChunk());
    res.end('data: [DONE]\n\n');
  };
}

/** Sends the head and one chunk, then holds the stream open until the client goes away. */
export function hangingScript(): Script {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(chunk('first'));
  };
}

export function jsonScript(status: number, body: unknown, headers: Record<string, string> = {}): Script {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
}

function safeJson(text: string): { stream_options?: { include_usage?: boolean } } | null {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
