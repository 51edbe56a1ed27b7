// The abuse suite, part two: oversize and slow bodies, path tricks, bad bodies and parameters. Each is
// refused with the right status and the key appears in 0 bytes of anything returned.
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  fetchText,
  GOOD,
  lastUpstream,
  post,
  proxy,
  raw,
  returned,
  upstream,
  useAbuseSetup,
} from './support/abuse-setup';

useAbuseSetup();

describe('abuse through toNodeHandler: bodies, paths, parameters', () => {
  describe('oversize and slow bodies', () => {
    it('413 for an honest Content-Length over the limit, before reading it', async () => {
      const before = upstream.seen.length;
      const big = JSON.stringify({
        model: 'haiku-4.5',
        messages: [{ role: 'user', content: 'x'.repeat(100_000) }],
      });
      const res = await post('/api/using-ai/chat/completions', big);
      expect(res.status).toBe(413);
      expect(res.text).toContain('request_too_large');
      expect(upstream.seen.length).toBe(before);
    });

    it('413 for a chunked body without Content-Length, counted while reading', async () => {
      const piece = 'x'.repeat(16 * 1024);
      let body = '';
      for (let i = 0; i < 8; i++) body += `${piece.length.toString(16)}\r\n${piece}\r\n`;
      body += '0\r\n\r\n';
      const res = await raw(
        [
          'POST /api/using-ai/chat/completions HTTP/1.1',
          'Host: x',
          'Transfer-Encoding: chunked',
          'Connection: close',
        ].join('\r\n'),
        body,
      );
      expect(res.status).toBe(413);
    });

    it('413 on a keep-alive connection: the answer arrives, the rest of a huge body is drained only up to a bound, then the connection is cut', async () => {
      const url = new URL(proxy.origin);
      const outcome = await new Promise<{ head: string; sentAfter: number }>((resolve) => {
        let head = '';
        let sentAfter = 0;
        let answered = false;
        const socket = connect(Number(url.port), url.hostname, () => {
          socket.write(
            [
              'POST /api/using-ai/chat/completions HTTP/1.1',
              'Host: x',
              'Content-Type: application/json',
              'Content-Length: 10000000000',
              '',
              '',
            ].join('\r\n'),
          );
          const chunk = Buffer.alloc(64 * 1024, 0x20);
          // Keep sending, as a hostile client would, until the proxy closes the connection.
          const pump = () => {
            while (!socket.destroyed && socket.write(chunk)) if (answered) sentAfter += chunk.length;
            if (answered) sentAfter += chunk.length;
          };
          socket.on('drain', pump);
          pump();
        });
        socket.on('data', (data: Buffer) => {
          head += data.toString('latin1');
          answered = true;
        });
        const done = () => resolve({ head, sentAfter });
        socket.on('close', done);
        socket.on('error', () => socket.destroy());
        // A proxy that keeps draining never closes: stop after 3 s and report what it swallowed.
        setTimeout(() => socket.destroy(), 3000).unref();
      });
      returned.push(outcome.head);
      expect(outcome.head.slice(9, 12)).toBe('413');
      expect(outcome.head).toContain('"request_too_large"');
      // Cut after the lingering bound (16 MB, 500 ms): far less than the seconds of full-speed upload
      // an unbounded drain would accept (socket buffers on both sides add a few MB).
      expect(outcome.sentAfter).toBeLessThan(64 * 1024 * 1024);
    });

    it('413 through fetch with a streamed body and no length', async () => {
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 10; i++) controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
          controller.close();
        },
      });
      const res = await fetchText(`${proxy.origin}/api/using-ai/chat/completions`, {
        method: 'POST',
        body: stream,
        duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(413);
    });

    it('408 request_timeout for a body that dribbles in slower than bodyTimeoutMs', async () => {
      const before = upstream.seen.length;
      const text = await new Promise<string>((resolve, reject) => {
        const url = new URL(proxy.origin);
        const socket = connect(Number(url.port), url.hostname, () => {
          socket.write(
            `POST /api/using-ai/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: ${GOOD.length}\r\n\r\n${GOOD.slice(0, 5)}`,
          );
          // …and never sends the rest.
        });
        const chunks: Buffer[] = [];
        socket.on('data', (c: Buffer) => {
          chunks.push(c);
          if (Buffer.concat(chunks).includes('request_timeout')) socket.destroy();
        });
        socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
        socket.on('error', reject);
      });
      returned.push(text);
      expect(text.slice(9, 12)).toBe('408');
      expect(text).toContain('request_timeout');
      expect(upstream.seen.length).toBe(before);
    });
  });

  describe('path tricks', () => {
    it.each([
      ['dot segments out of the base', '/api/using-ai/chat/completions/../../../../admin'],
      ['encoded slash', '/api/using-ai/chat%2Fcompletions'],
      ['encoded dot-dot and slash', '/api/using-ai/%2e%2e%2fadmin'],
      ['double slash', '/api/using-ai//models'],
      ['a different endpoint', '/api/using-ai/embeddings'],
      ['trailing junk', '/api/using-ai/chat/completions.json'],
    ])('%s is 404', async (_name, path) => {
      const before = upstream.seen.length;
      const res = await post(path);
      expect(res.status).toBe(404);
      expect(res.text).toContain('"not_found"');
      expect(upstream.seen.length).toBe(before);
    });

    it('an absolute-form request target is refused with 400', async () => {
      const before = upstream.seen.length;
      const res = await post('http://evil.test/v1/chat/completions');
      expect(res.status).toBe(400);
      expect(upstream.seen.length).toBe(before);
    });

    it('a query string is ignored: upstream gets the fixed URL without it', async () => {
      const res = await post('/api/using-ai/chat/completions?upstream=http://evil.test&path=/v2&key=1');
      expect(res.status).toBe(200);
      expect(lastUpstream().url).toBe('/v1/chat/completions');
    });

    it.each([['dot segments', '/api/using-ai/models/../chat/completions']])(
      '%s that resolve onto an endpoint still go to the fixed URL',
      async (_name, path) => {
        const res = await post(path);
        expect(res.status).toBe(200);
        expect(lastUpstream().url).toBe('/v1/chat/completions');
      },
    );
  });

  it('backslashes in the path (which browsers read as slashes) are refused with 400, nothing goes upstream', async () => {
    const before = upstream.seen.length;
    const res = await post('/api/using-ai\\chat\\completions');
    expect(res.status).toBe(400);
    expect(res.text).toContain('"invalid_request_error"');
    expect(upstream.seen.length).toBe(before);
  });

  describe('bad bodies and parameters', () => {
    it.each([
      ['plain text', 'hello'],
      ['form encoding', 'model=haiku-4.5&messages=hi'],
      ['empty', ''],
      ['a JSON array', '[]'],
      ['JSON with a trailing comma', '{"model":"haiku-4.5",}'],
    ])('%s is 400 invalid_request_error', async (_name, body) => {
      const before = upstream.seen.length;
      const res = await post('/api/using-ai/chat/completions', body);
      expect(res.status).toBe(400);
      expect(res.text).toContain('"invalid_request_error"');
      expect(upstream.seen.length).toBe(before);
    });

    it('huge max_tokens is 400', async () => {
      const res = await post(
        '/api/using-ai/chat/completions',
        JSON.stringify({ ...JSON.parse(GOOD), max_tokens: 99_999_999 }),
      );
      expect(res.status).toBe(400);
      expect(res.text).toContain('max_tokens');
    });

    it('a disallowed model is 403 model_not_allowed', async () => {
      const res = await post(
        '/api/using-ai/chat/completions',
        JSON.stringify({ ...JSON.parse(GOOD), model: 'opus-4.5' }),
      );
      expect(res.status).toBe(403);
      expect(res.text).toContain('"model_not_allowed"');
    });

    it('other methods are 405', async () => {
      for (const method of ['PUT', 'DELETE', 'PATCH', 'GET']) {
        const res = await raw(
          [`${method} /api/using-ai/chat/completions HTTP/1.1`, 'Host: x', 'Connection: close'].join('\r\n'),
        );
        expect(res.status, method).toBe(405);
      }
    });
  });
});
