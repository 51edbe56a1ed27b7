// The demo's own dev server (the demo Vite config with the emulator, the proxy plugin and the demo
// middleware), hit with malformed requests: each gets an answer and the server keeps serving. A Host
// Vite does not allow is refused by Vite's own host check (403, its DNS-rebinding protection) before any
// middleware of ours runs; that guard stays, since it also keeps other sites from spending the key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, startDemo } from '../e2e/harness';
import { rawRequest } from './raw-request';

let demo: DemoServer;
beforeAll(async () => {
  demo = await startDemo();
}, 60_000);
afterAll(async () => {
  await demo?.close();
});

describe('the demo server under malformed requests', () => {
  it.each([
    ['/api/using-ai/chat/completions', 'POST', 'a b', '403'],
    ['/api/using-ai/chat/completions', 'POST', '[::1', '403'],
    ['/api/using-ai/chat/completions', 'TRACE', '127.0.0.1', '405'],
    ['/__demo/state', 'GET', 'a b', '403'],
    ['/__demo/state', 'GET', '[::1', '403'],
    ['/__demo/state', 'TRACE', '127.0.0.1', '405'],
  ])('%s %s with Host %s answers %s and keeps serving', async (path, method, host, status) => {
    const answer = await rawRequest(
      demo.url,
      `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
    );
    expect(answer.slice(9, 12)).toBe(status);
    // Ours answer in the API's error shape; Vite's host check in its own words.
    if (status === '405') expect(answer).toContain('"method_not_allowed"');
    expect((await fetch(`${demo.url}/__demo/state`)).status).toBe(200);
  });
});
