// A minimal fetch over node:http/https with keep-alive agents, for the upstream call on Node. The proxy
// only ever sends a string body to a fixed URL and never follows redirects, so this covers all it
// needs, and skips most of undici's per-request work (about a millisecond of time to first byte).
// The same call without Fetch objects is attached under NODE_UPSTREAM for the Node lane.
// Node-only: exported from '@using-ai/proxy/node', never from the root entry.
import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { decodedBody } from './decode-body';
import { attachDirectBody, type DirectBody, NODE_UPSTREAM, type NodeUpstream } from './direct-body';
import { webStreamOf } from './node-io';

/** Options of `createNodeFetch`. */
export interface NodeFetchOptions {
  /** Largest number of sockets per upstream host. Default: unlimited. */
  maxSockets?: number;
}

const NULL_BODY = new Set([101, 103, 204, 205, 304]);
/** Parsed upstream URLs (the proxy calls two); bounded so a general caller cannot grow it forever. */
const MAX_PARSED = 32;

interface Target {
  secure: boolean;
  protocol: string;
  hostname: string;
  port: string;
  path: string;
  agent: HttpAgent;
}

interface Sent {
  req: ClientRequest;
  response: Promise<IncomingMessage>;
}

/** A minimal `fetch` over `node:http`/`node:https` with keep-alive agents, for the proxy's upstream calls on Node. */
export function createNodeFetch(options: NodeFetchOptions = {}): typeof fetch {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? Number.POSITIVE_INFINITY };
  const http = new HttpAgent(agentOptions);
  const https = new HttpsAgent(agentOptions);
  const parsed = new Map<string, Target>();

  const target = (url: string) => {
    let found = parsed.get(url);
    if (found === undefined) {
      const { protocol, hostname, port, pathname, search } = new URL(url);
      const secure = protocol === 'https:';
      found = {
        secure,
        protocol,
        // URL keeps IPv6 hosts in brackets; node:http wants them bare.
        hostname: hostname.startsWith('[') ? hostname.slice(1, -1) : hostname,
        port,
        path: pathname + search,
        agent: secure ? https : http,
      };
      if (parsed.size >= MAX_PARSED) parsed.clear();
      parsed.set(url, found);
    }
    return found;
  };

  const send = (
    url: string,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal?: AbortSignal,
  ): Sent => {
    const where = target(url);
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const req = (where.secure ? httpsRequest : httpRequest)({
      protocol: where.protocol,
      hostname: where.hostname,
      port: where.port,
      path: where.path,
      agent: where.agent,
      method,
      headers,
      signal,
    });
    const response = new Promise<IncomingMessage>((resolve, reject) => {
      req.on('response', resolve);
      req.on('error', reject);
    });
    req.end(body);
    return { req, response };
  };

  const nodeFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const body = init.body;
    if (body !== undefined && body !== null && typeof body !== 'string') {
      return Promise.reject(new TypeError('createNodeFetch only sends string bodies.'));
    }
    const method = init.method ?? 'GET';
    let sent: Sent;
    try {
      sent = send(url, method, headers, body ?? undefined, init.signal ?? undefined);
    } catch (error) {
      return Promise.reject(error);
    }
    return sent.response.then((res) => {
      const status = res.statusCode ?? 502;
      const responseHeaders = new Headers();
      for (const [name, value] of Object.entries(res.headers)) {
        if (Array.isArray(value)) for (const item of value) responseHeaders.append(name, item);
        else if (value !== undefined) responseHeaders.set(name, value);
      }
      if (NULL_BODY.has(status) || method === 'HEAD') {
        res.resume();
        return new Response(null, { status, headers: responseHeaders });
      }
      // Decoded as the global fetch would, so no `Content-Encoding` is passed on.
      responseHeaders.delete('content-encoding');
      responseHeaders.delete('content-length');
      const source = decodedBody(res);
      // The client went away: drop the upstream connection at once.
      const stream = webStreamOf(source, { cancel: () => res.destroy(), incomplete: () => !res.complete });
      const response = new Response(stream, { status, headers: responseHeaders });
      return attachDirectBody(response, directBody(res, source));
    });
  };

  const nodeUpstream: NodeUpstream = (url, init) => {
    const sent = send(url, init.method, { ...init.headers }, init.body);
    return {
      response: sent.response.then((res) => {
        const status = res.statusCode ?? 502;
        const nullBody = NULL_BODY.has(status) || init.method === 'HEAD';
        if (nullBody) res.resume();
        return {
          status,
          header: (name) => {
            const value = res.headers[name];
            return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
          },
          body: nullBody ? null : directBody(res, decodedBody(res)),
        };
      }),
      // With an error, node:http always reports it, so `response` rejects if it was still pending.
      abort: () => {
        sent.req.destroy(new Error('The client went away.'));
      },
    };
  };
  Object.defineProperty(nodeFetch, NODE_UPSTREAM, { value: nodeUpstream, enumerable: false });
  return nodeFetch as typeof fetch;
}

/** `source` is `res`, or `res` decoded (see decode-body.ts); completeness is judged on `res`. */
function directBody(res: IncomingMessage, source: Readable): DirectBody {
  return {
    pipeTo(sink) {
      let finished = false;
      source.on('data', (chunk: Buffer) => {
        if (!finished && !sink.write(chunk)) source.pause();
      });
      source.on('end', () => {
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
      if (source !== res) source.on('error', fail);
      res.on('close', () => {
        if (!res.complete) fail();
      });
      return {
        resume: () => source.resume(),
        cancel: () => {
          finished = true;
          res.destroy();
        },
      };
    },
  };
}
