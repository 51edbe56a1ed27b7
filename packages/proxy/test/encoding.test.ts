// An upstream body in an encoding the proxy cannot decode must never reach the client: fetch leaves
// such a body as it came, the key scrubber sees opaque bytes, and a client that decompresses it would
// read the key. Each encoding, on every path and adapter, with the key planted in the compressed body.
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createProxy } from '../src/index';
import { startProxyServer } from '../src/proxy-server';
import { type Served, serveProxy } from './support/serve';
import { startUpstream, type TestUpstream } from './support/upstream';

const KEY = 'sk-test-encoding-0123456789';
const PLAIN = `data: {"echo":"${KEY}"}\n\ndata: [DONE]\n\n`;
const ENCODINGS = [
  'zstd',
  'compress',
  'x-unknown',
  'gzip, identity',
  'identity, gzip',
  'gzip, gzip',
  'GZIP ,br',
];
const REQ = { model: 'deepseek-r2', messages: [{ role: 'user', content: 'hi' }], stream: true };

let upstream: TestUpstream;
const servers: Served[] = [];
beforeAll(async () => {
  upstream = await startUpstream();
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => upstream.close());

function compressedAs(encoding: string, stream: boolean): void {
  upstream.setScript((_req, res) => {
    res.writeHead(200, {
      'content-type': stream ? 'text/event-stream' : 'application/json',
      'content-encoding': encoding,
    });
    res.end(gzipSync(Buffer.from(stream ? PLAIN : JSON.stringify({ echo: KEY }))));
  });
}

const post = (url: string, stream = true) =>
  new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...REQ, stream }),
  });

async function expectRefused(res: Response): Promise<void> {
  expect(res.status).toBe(502);
  expect(res.headers.get('content-encoding')).toBeNull();
  const bytes = Buffer.from(await res.arrayBuffer());
  expect(bytes.toString('latin1')).not.toContain(KEY);
  let unzipped = '';
  try {
    unzipped = gunzipSync(bytes).toString('utf8');
  } catch {}
  expect(unzipped).not.toContain(KEY);
  expect(JSON.parse(bytes.toString('utf8'))).toEqual({
    error: { type: 'upstream_error', message: expect.stringContaining('encoding') },
  });
}

describe('toNodeHandler', () => {
  it.each(ENCODINGS)('answers 502 for a body in %s, without the key', async (encoding) => {
    const served = await serveProxy({ apiKey: KEY, upstream: upstream.url });
    servers.push(served);
    for (const stream of [true, false]) {
      compressedAs(encoding, stream);
      await expectRefused(await fetch(post(`${served.origin}/api/using-ai/chat/completions`, stream)));
    }
  });
});

describe('the Fetch handler itself (Next.js, Hono, Workers)', () => {
  it.each(ENCODINGS)('answers 502 for a body in %s, without the key', async (encoding) => {
    const handler = createProxy({ apiKey: KEY, upstream: upstream.url });
    for (const stream of [true, false]) {
      compressedAs(encoding, stream);
      await expectRefused(await handler(post('http://proxy.test/api/using-ai/chat/completions', stream)));
    }
  });
});

describe('startProxyServer (the CLI)', () => {
  it.each(ENCODINGS)('answers 502 for a body in %s, without the key', async (encoding) => {
    const server = await startProxyServer({ apiKey: KEY, upstream: upstream.url, port: 0 });
    servers.push({ origin: server.origin, close: server.close });
    for (const stream of [true, false]) {
      compressedAs(encoding, stream);
      await expectRefused(await fetch(post(`${server.url}/chat/completions`, stream)));
    }
  });
});

describe('encodings fetch decodes still pass, scrubbed', () => {
  it('gzip', async () => {
    const handler = createProxy({ apiKey: KEY, upstream: upstream.url });
    compressedAs('gzip', true);
    const res = await handler(post('http://proxy.test/api/using-ai/chat/completions'));
    expect(res.status).toBe(200);
    // Without the `id: n` lines of durable streams.
    expect((await res.text()).replace(/^id: \d+\n/gm, '')).toBe(
      'data: {"echo":"[redacted]"}\n\ndata: [DONE]\n\n',
    );
  });
});
