// A minimal fetch over node:http/https with keep-alive agents, for the upstream call on Node. The proxy
// only ever sends a string body to a fixed URL and never follows redirects, so this covers all it
// needs, and skips most of undici's per-request work (about a millisecond of time to first byte).
// Node-only: exported from '@using-ai/proxy/node', never from the root entry.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { attachDirectBody, type DirectBody } from './direct-body';

export interface NodeFetchOptions {
  /** Largest number of sockets per upstream host. Default: unlimited. */
  maxSockets?: number;
}

const NULL_BODY = new Set([101, 103, 204, 205, 304]);

export function createNodeFetch(options: NodeFetchOptions = {}): typeof fetch {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? Number.POSITIVE_INFINITY };
  const http = new HttpAgent(agentOptions);
  const https = new HttpsAgent(agentOptions);

  const nodeFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> =>
    new Promise((resolve, reject) => {
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      const secure = url.protocol === 'https:';
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, name) => {
        headers[name] = value;
      });
      const body = init.body;
      if (body !== undefined && body !== null && typeof body !== 'string') {
        reject(new TypeError('createNodeFetch only sends string bodies.'));
        return;
      }
      if (typeof body === 'string') headers['content-length'] = String(Buffer.byteLength(body));
      const method = init.method ?? 'GET';
      const signal = init.signal ?? undefined;
      const req = (secure ? httpsRequest : httpRequest)(
        url,
        { method, headers, agent: secure ? https : http, signal },
        (res) => {
          const status = res.statusCode ?? 502;
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (Array.isArray(value)) for (const item of value) responseHeaders.append(name, item);
            else if (value !== undefined) responseHeaders.set(name, value);
          }
          const nullBody = NULL_BODY.has(status) || method === 'HEAD';
          if (nullBody) res.resume();
          if (nullBody) {
            resolve(new Response(null, { status, headers: responseHeaders }));
            return;
          }
          const response = new Response(toWebStream(res), { status, headers: responseHeaders });
          resolve(attachDirectBody(response, directBody(res)));
        },
      );
      req.on('error', reject);
      req.end(body ?? undefined);
    });
  return nodeFetch as typeof fetch;
}

function toWebStream(res: IncomingMessage): ReadableStream<Uint8Array> {
  let finished = false;
  let listening = false;
  // Listeners are attached on the first read, so a consumer that takes the direct lane instead
  // (directBody below) is the only one reading the socket.
  const listen = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    listening = true;
    res.on('data', (chunk: Buffer) => {
      if (finished) return;
      controller.enqueue(chunk);
      if ((controller.desiredSize ?? 0) <= 0) res.pause();
    });
    res.on('end', () => {
      if (finished) return;
      finished = true;
      controller.close();
    });
    const fail = (error?: Error) => {
      if (finished) return;
      finished = true;
      controller.error(error ?? new Error('The upstream connection closed early.'));
    };
    res.on('error', fail);
    res.on('close', () => {
      if (!res.complete) fail();
    });
  };
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (!listening) listen(controller);
        res.resume();
      },
      cancel() {
        // The client went away: drop the upstream connection at once.
        finished = true;
        res.destroy();
      },
    },
    { highWaterMark: 0 },
  );
}

function directBody(res: IncomingMessage): DirectBody {
  return {
    pipeTo(sink) {
      let finished = false;
      res.on('data', (chunk: Buffer) => {
        if (!finished && !sink.write(chunk)) res.pause();
      });
      res.on('end', () => {
        if (finished) return;
        finished = true;
        sink.end();
      });
      const fail = () => {
        if (finished) return;
        finished = true;
        sink.fail();
      };
      res.on('error', fail);
      res.on('close', () => {
        if (!res.complete) fail();
      });
      return {
        resume: () => res.resume(),
        cancel: () => {
          finished = true;
          res.destroy();
        },
      };
    },
  };
}
