// Acceptance for issue #16 (reliability at the edges), written as a user of the published entry points
// would: the real proxy (createProxy, toNodeHandler, startProxyServer), the real emulator, raw sockets for
// requests a Fetch client cannot send, and a hand-made upstream for what the emulator never does.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, connect, createServer as createTcpServer } from 'node:net';
import * as coreRoot from '@using-ai/core';
import { createClient, DEFAULT_IDLE_TIMEOUT_MS, RequestTooLargeError } from '@using-ai/core';
import { createErrorBody, isApiErrorBody } from '@using-ai/core/server';
import { type MockServer, startMockServer } from '@using-ai/mock';
import { createProxy } from '@using-ai/proxy';
import {
  type ProxyServer,
  type ProxyServerOptions,
  startProxyServer,
  toNodeHandler,
} from '@using-ai/proxy/node';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const KEY = 'sk-test-acceptance-0123456789abcdef';
const closers: (() => Promise<void>)[] = [];
let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  await mock.close();
});

type Answer = (req: IncomingMessage, res: ServerResponse) => void;
/** An upstream whose next answers the test decides. */
async function fakeUpstream(answer: { current: Answer }): Promise<string> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => answer.current(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function serve(options: Partial<ProxyServerOptions> = {}): Promise<ProxyServer> {
  const server = await startProxyServer({
    port: 0,
    apiKey: 'sk-test-supermaxes',
    upstream: mock.url,
    ...options,
  });
  closers.push(() => server.close());
  return server;
}

const chatBody = JSON.stringify({ model: 'haiku-4.5', messages: [{ role: 'user', content: 'Hi' }] });
const postInit: RequestInit = {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: chatBody,
};

/** Sends raw bytes and returns the status line's code (the socket is ended after the reply's head). */
function raw(port: number, request: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString();
      const match = /^HTTP\/1\.1 (\d{3})/.exec(data);
      if (match) {
        socket.destroy();
        resolve(Number(match[1]));
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`closed without a status: ${JSON.stringify(data)}`)));
  });
}

describe('issue 16: an encoding the proxy cannot decode never leaks the key', () => {
  for (const encoding of ['zstd', 'compress', 'x-unknown', 'gzip, identity']) {
    it(`Content-Encoding: ${encoding} → 502 in the API error shape, on createProxy and on the Node adapter`, async () => {
      const answer = {
        current: ((_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding });
          res.end(`{"leak":"${KEY}"}`);
        }) as Answer,
      };
      const upstream = await fakeUpstream(answer);
      const handler = createProxy({ apiKey: KEY, upstream });
      const direct = await handler(new Request('http://app.test/api/chat/completions', postInit));
      expect(direct.status).toBe(502);
      const text = await direct.text();
      expect(text).not.toContain(KEY);
      expect(isApiErrorBody(JSON.parse(text))).toBe(true);

      const server = await serve({ apiKey: KEY, upstream });
      const viaNode = await fetch(`${server.url}/chat/completions`, postInit);
      expect(viaNode.status).toBe(502);
      const nodeText = await viaNode.text();
      expect(nodeText).not.toContain(KEY);
      expect(isApiErrorBody(JSON.parse(nodeText))).toBe(true);
    });
  }
});

describe('issue 16: bad requests get 400/405 and the servers keep running', () => {
  const badRequests = [
    ['TRACE', 'TRACE /api/using-ai/chat/completions HTTP/1.1\r\nHost: localhost\r\n\r\n', 405],
    ['Host: a b', 'GET /api/using-ai/models HTTP/1.1\r\nHost: a b\r\n\r\n', 400],
    ['Host: [::1', 'GET /api/using-ai/models HTTP/1.1\r\nHost: [::1\r\n\r\n', 400],
  ] as const;

  it('the proxy (startProxyServer)', async () => {
    const server = await serve();
    for (const [, request, status] of badRequests) expect(await raw(server.port, request)).toBe(status);
    expect((await fetch(`${server.url}/models`)).status).toBe(200);
  });

  it('the proxy behind toNodeHandler on a plain node:http server', async () => {
    const handler = toNodeHandler(
      createProxy({ apiKey: 'sk-test-supermaxes', upstream: mock.url, basePath: '/api/using-ai' }),
    );
    const server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const port = (server.address() as AddressInfo).port;
    for (const [, request, status] of badRequests) expect(await raw(port, request)).toBe(status);
    expect((await fetch(`http://127.0.0.1:${port}/api/using-ai/models`)).status).toBe(200);
  });

  it('the emulator (startMockServer)', async () => {
    const requests = [
      `TRACE /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n\r\n`,
      'GET /v1/models HTTP/1.1\r\nHost: a b\r\n\r\n',
      'GET /v1/models HTTP/1.1\r\nHost: [::1\r\n\r\n',
    ];
    expect(await raw(mock.port, requests[0] as string)).toBe(405);
    expect(await raw(mock.port, requests[1] as string)).toBe(400);
    expect(await raw(mock.port, requests[2] as string)).toBe(400);
    const ok = await fetch(`${mock.baseURL}/models`, {
      headers: { Authorization: 'Bearer sk-test-standard' },
    });
    expect(ok.status).toBe(200);
  });
});

describe('issue 16: early replies reach the client', () => {
  it("Node's fetch reads the JSON 413 for a 1.5 MB body; oversized requests take no rate-limit point", async () => {
    const server = await serve({ rateLimit: { points: 3, durationSec: 60 } });
    const big = JSON.stringify({
      model: 'haiku-4.5',
      messages: [{ role: 'user', content: 'x'.repeat(1_500_000) }],
    });
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${server.url}/chat/completions`, { ...postInit, body: big });
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { type: string } }).error.type).toBe('request_too_large');
    }
    const res = await fetch(`${server.url}/chat/completions`, postInit);
    expect(res.status).toBe(200);
    await res.text();
  });

  it("a body that stalls (200 KB of a declared 900 KB) gets its JSON 408 through Node's fetch", async () => {
    const server = await serve({ bodyTimeoutMs: 300 });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(
          new TextEncoder().encode(
            `{"model":"haiku-4.5","messages":[{"role":"user","content":"${'x'.repeat(200_000)}`,
          ),
        );
        // ...and nothing more: the client stalls.
      },
    });
    const res = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '900000' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(408);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe('request_timeout');
  });

  it('@using-ai/core in Node gets RequestTooLargeError for a 1.5 MB message, unretried', async () => {
    const server = await serve();
    const client = createClient({ baseURL: server.url, retryDelay: { baseMs: 1, maxMs: 5 } });
    const retries: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      const error = await client
        .complete(
          { model: 'haiku-4.5', messages: [{ role: 'user', content: 'x'.repeat(1_500_000) }] },
          { onRetry: (e) => retries.push(e) },
        )
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestTooLargeError);
    }
    expect(retries).toEqual([]);
  });

  it('a 404 with a 1.5 MB body is read too', async () => {
    const server = await serve();
    const res = await fetch(`${server.origin}/elsewhere`, { ...postInit, body: 'x'.repeat(1_500_000) });
    expect(res.status).toBe(404);
    expect(isApiErrorBody(await res.json())).toBe(true);
  });
});

describe('issue 16: odd upstream answers get one answer in the API error shape', () => {
  for (const [label, status] of [
    ['204', 204],
    ['999', 999],
  ] as const) {
    it(`upstream ${label} → 502 upstream_error on createProxy and on the Node adapter`, async () => {
      const answer = {
        current: ((_req, res) => {
          res.writeHead(status);
          res.end();
        }) as Answer,
      };
      const upstream = await fakeUpstream(answer);
      const direct = await createProxy({ apiKey: KEY, upstream })(
        new Request('http://app.test/api/chat/completions', postInit),
      );
      const server = await serve({ apiKey: KEY, upstream });
      const viaNode = await fetch(`${server.url}/chat/completions`, postInit);
      for (const res of [direct, viaNode]) {
        expect(res.status).toBe(502);
        const body = (await res.json()) as { error: { type: string } };
        expect(body.error.type).toBe('upstream_error');
      }
    });
  }

  it('an upstream that stalls after its headers is cut by upstreamIdleTimeoutMs with an error event', async () => {
    mock.inject('stall');
    const server = await serve({ upstreamIdleTimeoutMs: 300 });
    const res = await fetch(`${server.url}/chat/completions`, {
      ...postInit,
      body: JSON.stringify({ model: 'haiku-4.5', messages: [{ role: 'user', content: 'Hi' }], stream: true }),
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('"upstream_timeout"');
  });
});

describe('issue 16: core', () => {
  it('createErrorBody and isApiErrorBody are at @using-ai/core/server, not on the browser root', () => {
    const body = createErrorBody('invalid_request_error', 'Nope.');
    expect(body).toEqual({ error: { type: 'invalid_request_error', message: 'Nope.' } });
    expect(isApiErrorBody(body)).toBe(true);
    expect(isApiErrorBody({ nope: true })).toBe(false);
    expect('createErrorBody' in coreRoot).toBe(false);
    expect('isApiErrorBody' in coreRoot).toBe(false);
  });

  it('the core client has an idle timeout by default', () => {
    expect(DEFAULT_IDLE_TIMEOUT_MS).toBeGreaterThan(0);
    expect(Number.isFinite(DEFAULT_IDLE_TIMEOUT_MS)).toBe(true);
    expect(createClient({ baseURL: mock.baseURL })).toBeDefined();
  });
});

describe('issue 16: the rate-limit store down', () => {
  it('answers 503 with Retry-After, fast, and logs one line per outage', async () => {
    // A port nothing listens on: Redis is down from the start.
    const probe = createTcpServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const redis = new Redis({ port, host: '127.0.0.1' });
    redis.on('error', () => {});
    closers.push(async () => void redis.disconnect());
    const lines: string[] = [];
    const server = await serve({
      rateLimit: { points: 10, durationSec: 60, store: redis, log: (line) => lines.push(line) },
    });
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${server.url}/chat/completions`, postInit);
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(isApiErrorBody(await res.json())).toBe(true);
    }
    expect(lines).toHaveLength(1);
  });
});

describe('issue 16: slow and half-sent requests', () => {
  /** Opens a socket, writes `bytes`, resolves with what came back once the server closes it. */
  function held(
    port: number,
    bytes: string,
  ): { socket: ReturnType<typeof connect>; closed: Promise<string> } {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString();
    });
    const closed = new Promise<string>((resolve) => {
      socket.on('close', () => resolve(data));
      socket.on('error', () => {});
    });
    return { socket, closed };
  }

  it('startProxyServer closes a connection whose headers do not arrive within headersTimeoutMs', async () => {
    const server = await serve({ headersTimeoutMs: 300 });
    const { closed } = held(server.port, 'POST /api/using-ai/chat/completions HTTP/1.1\r\nHost: x\r\n');
    expect(await closed).toMatch(/^(HTTP\/1\.1 408|$)/);
  });

  it('the emulator does the same with its headersTimeoutMs', async () => {
    const slow = await startMockServer({ headersTimeoutMs: 300 });
    closers.push(() => slow.close());
    const { closed } = held(slow.port, 'GET /v1/models HTTP/1.1\r\nHost: x\r\n');
    expect(await closed).toMatch(/^(HTTP\/1\.1 408|$)/);
  });

  it('maxBodyBytesInFlight: past it a new request gets 503 with Retry-After: 1, before its body is read', async () => {
    const server = await serve({ maxBodyBytesInFlight: 950 }); // 900 held + this request's ~80 is over
    const head = (length: number) =>
      `POST /api/using-ai/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;
    const first = held(server.port, `${head(900)}{"model":`);
    // Once the first body's reservation is made (the proxy has read its headers), a new request is refused.
    let res: Response | undefined;
    await expect
      .poll(async () => {
        res = await fetch(`${server.url}/chat/completions`, postInit);
        return res.status;
      })
      .toBe(503);
    expect(res?.headers.get('retry-after')).toBe('1');
    first.socket.destroy();
    await first.closed;
    // Given back: requests are served again.
    await expect
      .poll(async () => (await fetch(`${server.url}/chat/completions`, postInit)).status, { timeout: 3000 })
      .toBe(200);
  });
});
