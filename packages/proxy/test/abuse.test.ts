// The abuse suite: each attempt is refused with the right status, the upstream URL never changes, and
// the key appears in 0 bytes of anything returned (headers and bodies, collected raw off the socket).
// Bodies, paths and parameters: abuse-bodies.test.ts.
import { describe, expect, it } from 'vitest';
import {
  fetchText,
  GOOD,
  KEY,
  lastUpstream,
  post,
  proxy,
  raw,
  upstream,
  useAbuseSetup,
} from './support/abuse-setup';

useAbuseSetup();

describe('abuse through toNodeHandler', () => {
  describe('baseline', () => {
    it('a good request works and echoes only the redacted key back', async () => {
      const res = await post('/api/using-ai/chat/completions');
      expect(res.status).toBe(200);
      expect(res.text).toContain('[redacted]');
      expect(lastUpstream().headers.authorization).toBe(`Bearer ${KEY}`);
    });
  });

  describe('header smuggling', () => {
    it('client Authorization, cookies, forwarding and hop-by-hop tricks never reach upstream', async () => {
      const before = upstream.seen.length;
      const res = await post('/api/using-ai/chat/completions', GOOD, [
        'Authorization: Bearer sk-attacker',
        'Cookie: session=1',
        'X-Forwarded-Host: evil.test',
        'X-Forwarded-For: 1.2.3.4',
        'X-Original-URL: /admin',
        'Connection: close, authorization',
        'Proxy-Authorization: Basic eA==',
      ]);
      expect(res.status).toBe(200);
      expect(upstream.seen.length).toBe(before + 1);
      const seen = lastUpstream();
      expect(seen.headers.authorization).toBe(`Bearer ${KEY}`);
      for (const name of [
        'cookie',
        'x-forwarded-host',
        'x-forwarded-for',
        'x-original-url',
        'proxy-authorization',
      ]) {
        expect(seen.headers[name], name).toBeUndefined();
      }
      expect(seen.url).toBe('/v1/chat/completions');
    });

    it('Content-Length plus Transfer-Encoding (request smuggling) is refused with 400', async () => {
      const before = upstream.seen.length;
      const res = await raw(
        [
          'POST /api/using-ai/chat/completions HTTP/1.1',
          'Host: x',
          'Content-Length: 5',
          'Transfer-Encoding: chunked',
          'Connection: close',
        ].join('\r\n'),
        `0\r\n\r\nPOST /api/using-ai/chat/completions HTTP/1.1\r\nHost: x\r\n\r\n`,
      );
      expect(res.status).toBe(400);
      expect(upstream.seen.length).toBe(before);
    });

    it('a Host header cannot steer anything', async () => {
      const res = await post('/api/using-ai/chat/completions', GOOD, ['Host: evil.test/../../v2?x=']);
      expect([200, 400]).toContain(res.status);
      if (res.status === 200) expect(lastUpstream().url).toBe('/v1/chat/completions');
    });
  });

  describe('key exfiltration', () => {
    it('an upstream echoing the Authorization header (body and header) returns it redacted', async () => {
      const res = await fetchText(`${proxy.origin}/api/using-ai/chat/completions`, {
        method: 'POST',
        body: GOOD,
      });
      expect(res.status).toBe(200);
      expect(res.text).toContain('Bearer [redacted]');
    });

    it('an upstream error that quotes the key is scrubbed', async () => {
      upstream.setScript((_req, res) => {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { type: 'authentication_error', message: `Invalid key ${KEY}` } }));
      });
      try {
        const res = await fetchText(`${proxy.origin}/api/using-ai/chat/completions`, {
          method: 'POST',
          body: GOOD,
        });
        expect(res.status).toBe(401);
        expect(res.text).toContain('Invalid key [redacted]');
      } finally {
        upstream.setScript((req, res, body) => {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.end(`data: ${JSON.stringify({ headers: req.headers, body })}\n\ndata: [DONE]\n\n`);
        });
      }
    });

    it('GET models forwarded upstream is scrubbed too', async () => {
      const res = await fetchText(`${proxy.origin}/api/using-ai/models`);
      expect(res.status).toBe(200);
    });
  });
});
