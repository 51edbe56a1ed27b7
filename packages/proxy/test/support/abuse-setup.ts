// The setup both abuse suites share: an upstream that echoes everything it received (headers included)
// in a success stream, the worst case for leaking the key, behind toNodeHandler; raw-socket and fetch
// helpers that keep every byte returned; and, after the suite, the check that the key is in none of them.
// `upstream` and `proxy` are live bindings, set before the first test.
import { afterAll, beforeAll, expect } from 'vitest';
import { rawRequest, type Served, serveProxy } from './serve';
import { startUpstream, type TestUpstream } from './upstream';

export const KEY = 'sk-test-abuse-7f3a9c2e51';
export const GOOD = JSON.stringify({
  model: 'haiku-4.5',
  messages: [{ role: 'user', content: 'hi' }],
  stream: true,
});

export let upstream: TestUpstream;
export let proxy: Served;
/** Everything any test got back, raw. */
export const returned: string[] = [];

export function useAbuseSetup(): void {
  beforeAll(async () => {
    upstream = await startUpstream((req, res, body) => {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'x-echo-auth': String(req.headers.authorization),
      });
      res.write(`data: ${JSON.stringify({ headers: req.headers, url: req.url, body })}\n\n`);
      res.end('data: [DONE]\n\n');
    });
    proxy = await serveProxy({
      apiKey: KEY,
      upstream: upstream.url,
      allowedModels: ['haiku-4.5'],
      maxTokens: 1024,
      maxBodyBytes: 64 * 1024,
      bodyTimeoutMs: 300,
    });
  });
  afterAll(async () => {
    await proxy.close();
    await upstream.close();
    // The promise of the suite: the key is in none of the bytes any test got back.
    expect(returned.length).toBeGreaterThan(5);
    expect(returned.join('\n')).not.toContain(KEY);
    expect(returned.join('\n')).not.toContain(KEY.slice(3));
  });
}

export async function raw(head: string, body = ''): Promise<{ status: number; text: string }> {
  const text = await rawRequest(proxy.origin, `${head}\r\n\r\n${body}`);
  returned.push(text);
  return { status: Number(text.slice(9, 12)), text };
}

export function post(
  path: string,
  body = GOOD,
  extra: string[] = [],
): Promise<{ status: number; text: string }> {
  const len = Buffer.byteLength(body);
  const head = [
    `POST ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Content-Type: application/json',
    `Content-Length: ${len}`,
    'Connection: close',
    ...extra,
  ];
  return raw(head.join('\r\n'), body);
}

export async function fetchText(
  input: string,
  init?: RequestInit,
): Promise<{ status: number; text: string }> {
  const res = await fetch(input, init);
  const text = `${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${await res.text()}`;
  returned.push(text);
  return { status: res.status, text };
}

export function lastUpstream() {
  return upstream.seen[upstream.seen.length - 1]!;
}
