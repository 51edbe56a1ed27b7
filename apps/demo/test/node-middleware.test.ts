// The demo's Connect middleware on a real node:http server: it serves the demo endpoints through the
// proxy's Node adapter, passes other paths on, and answers malformed requests without dying.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoEndpoints } from '../server/demo-endpoints';
import { toConnectMiddleware } from '../server/node-middleware';
import { rawRequest } from './raw-request';

let server: Server;
let origin: string;
beforeAll(async () => {
  const middleware = toConnectMiddleware(
    createDemoEndpoints({ mode: 'upstream', getTier: () => 'donator' }),
    '/__demo/',
  );
  server = createServer((req, res) =>
    middleware(req, res, (error) => {
      res.statusCode = error ? 500 : 200;
      res.end(error ? 'failed' : 'next');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('toConnectMiddleware', () => {
  it('serves the demo endpoints and passes other paths on', async () => {
    const res = await fetch(`${origin}/__demo/state`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ mode: 'upstream' });
    expect(await (await fetch(`${origin}/other`)).text()).toBe('next');
  });

  it.each([
    ['a Host with a space', 'GET /__demo/state HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n', '400'],
    ['an unclosed IPv6 Host', 'GET /__demo/state HTTP/1.1\r\nHost: [::1\r\nConnection: close\r\n\r\n', '400'],
    ['TRACE', 'TRACE /__demo/state HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', '405'],
  ])('answers %s in the API error shape and keeps running', async (_name, request, status) => {
    const answer = await rawRequest(origin, request);
    expect(answer.slice(9, 12)).toBe(status);
    expect(answer).toContain('"error"');
    expect((await fetch(`${origin}/__demo/state`)).status).toBe(200);
  });

  it('refuses a body over 64 KB with 413', async () => {
    const res = await fetch(`${origin}/__demo/tier`, { method: 'POST', body: 'x'.repeat(70_000) });
    expect(res.status).toBe(413);
  });
});
