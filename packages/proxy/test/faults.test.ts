// Faults at the edges: an upstream that stalls after its headers, answers 204 or a status fetch cannot
// represent; malformed requests; slow headers; many half-sent bodies. Each gets an answer in the API's
// error shape (or is closed) and the server keeps serving.
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createProxy } from '../src/index';
import { type ProxyServer, startProxyServer } from '../src/proxy-server';
import { rawRequest, type Served, serveProxy } from './support/serve';
import { chunk, sseScript, startUpstream, type TestUpstream } from './support/upstream';

const KEY = 'sk-test-faults-0123456789';
const REQ = { model: 'deepseek-r2', messages: [{ role: 'user', content: 'hi' }], stream: true };
let upstream: TestUpstream;
const closers: Array<() => Promise<void>> = [];
beforeAll(async () => {
  upstream = await startUpstream();
});
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
  upstream.setScript(sseScript(['Hello']));
});
afterAll(() => upstream.close());

async function served(options: Parameters<typeof serveProxy>[0] = {}): Promise<string> {
  const s: Served = await serveProxy({ apiKey: KEY, upstream: upstream.url, ...options });
  closers.push(s.close);
  return s.origin;
}
async function server(options: Parameters<typeof startProxyServer>[0] = {}): Promise<ProxyServer> {
  const s = await startProxyServer({ apiKey: KEY, upstream: upstream.url, port: 0, ...options });
  closers.push(s.close);
  return s;
}
const chat = (origin: string, body: unknown = REQ) =>
  fetch(`${origin}/api/using-ai/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('an upstream that stalls after its headers', () => {
  it('ends the SSE stream with an upstream_timeout error event and drops the upstream call', async () => {
    upstream.setScript((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunk('first'));
    });
    const origin = await served({ upstreamIdleTimeoutMs: 200 });
    const aborted = upstream.nextAbort();
    const res = await chat(origin);
    expect(res.status).toBe(200);
    // Without the `id: n` lines of durable streams (resume-http.test.ts tests those).
    const text = (await res.text()).replace(/^id: \d+\n/gm, '');
    expect(text.startsWith(chunk('first'))).toBe(true);
    const last = text.slice(chunk('first').length);
    expect(last.startsWith('data: ')).toBe(true);
    expect(JSON.parse(last.slice(6))).toEqual({
      error: { type: 'upstream_timeout', message: 'The API sent nothing for 200 ms.' },
    });
    await aborted;
  });

  it('answers the JSON error body when a non-streaming answer sent nothing yet', async () => {
    upstream.setScript((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
    });
    const res = await chat(await served({ upstreamIdleTimeoutMs: 200 }), { ...REQ, stream: false });
    expect((await res.json()).error.type).toBe('upstream_timeout');
  });

  it('defaults to 60 s and refuses a non-positive value at start-up', () => {
    expect(() => createProxy({ apiKey: KEY, upstreamIdleTimeoutMs: 0 })).toThrow(/upstreamIdleTimeoutMs/);
  });
});

describe('an upstream that breaks mid-stream', () => {
  it('cuts the client connection (an incomplete answer, never a clean end) and keeps serving', async () => {
    upstream.setScript((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunk('first'));
      setTimeout(() => res.socket?.destroy(), 50);
    });
    const origin = await served();
    const res = await chat(origin);
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    upstream.setScript(sseScript(['Hello']));
    expect((await chat(origin)).status).toBe(200);
  });
});

describe('upstream statuses', () => {
  it('a 204 becomes 502 upstream_error that Node fetch can read', async () => {
    upstream.setScript((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const res = await chat(await served());
    expect(res.status).toBe(502);
    expect((await res.json()).error.type).toBe('upstream_error');
  });

  it('status 999 is the same 502 upstream_error on every adapter', async () => {
    upstream.setScript((_req, res) => {
      res.writeHead(999, { 'content-type': 'application/json' });
      res.end('{}');
    });
    const bare = createProxy({ apiKey: KEY, upstream: upstream.url });
    const answers = [
      await chat(await served()),
      await chat((await server({ basePath: '/api/using-ai' })).origin),
      await bare(
        new Request('http://proxy.test/api/using-ai/chat/completions', {
          method: 'POST',
          body: JSON.stringify(REQ),
        }),
      ),
    ];
    for (const res of answers) {
      expect(res.status).toBe(502);
      expect((await res.json()).error.type).toBe('upstream_error');
    }
  });
});

describe('malformed requests get 400/405 and the server keeps running', () => {
  it.each([
    ['a Host with a space', 'POST /api/using-ai/chat/completions HTTP/1.1\r\nHost: a b\r\n', '400'],
    ['an unclosed IPv6 Host', 'POST /api/using-ai/chat/completions HTTP/1.1\r\nHost: [::1\r\n', '400'],
    ['TRACE', 'TRACE /api/using-ai/chat/completions HTTP/1.1\r\nHost: x\r\n', '405'],
  ])('%s (toNodeHandler and startProxyServer)', async (_name, head, status) => {
    for (const origin of [await served(), (await server()).origin]) {
      const answer = await rawRequest(origin, `${head}Content-Length: 0\r\nConnection: close\r\n\r\n`);
      expect(answer.slice(9, 12)).toBe(status);
      expect(answer).toContain('"error"');
      expect((await chat(origin)).status).toBe(200);
    }
  });
});

describe('servers we start (startProxyServer, the CLI)', () => {
  it('close a connection whose headers never finish (headersTimeoutMs)', async () => {
    const s = await server({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
    const closed = await new Promise<string>((resolve) => {
      const socket = connect(s.port, '127.0.0.1', () => socket.write('POST /api/using-ai/chat/comp'));
      let got = '';
      socket.on('data', (d) => {
        got += d.toString('latin1');
      });
      socket.on('close', () => resolve(got));
      socket.on('error', () => {});
    });
    expect(closed === '' || closed.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('cap the request-body bytes held at once (503 + Retry-After) and give them back', async () => {
    const s = await server({ maxBodyBytesInFlight: 1_000_000, bodyTimeoutMs: 300 });
    // Two clients each claim 600 KB and send half: the first holds its reservation, the second is refused.
    const half = (onAnswer: (text: string) => void) =>
      connect(s.port, '127.0.0.1', function (this: import('node:net').Socket) {
        this.write(
          'POST /api/using-ai/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 600000\r\n\r\n',
        );
        this.write(Buffer.alloc(300_000, 0x20));
        let got = '';
        this.on('data', (d) => {
          got += d.toString('latin1');
          if (got.includes('\r\n\r\n')) onAnswer(got);
        });
        this.on('error', () => {});
      });
    const first = new Promise<string>((resolve) => half(resolve));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await new Promise<string>((resolve) => half(resolve));
    expect(second.slice(9, 12)).toBe('503');
    expect(second.toLowerCase()).toContain('retry-after: 1');
    // The first times out (408) and gives its bytes back: a normal request goes through again.
    expect((await first).slice(9, 12)).toBe('408');
    expect((await chat(s.origin)).status).toBe(200);
  });
});
