// Requests no Fetch client can send, over raw sockets: a malformed Host, TRACE, headers that never end.
// Each gets an answer in the API's error shape (or a closed connection) and the server keeps serving.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../src/index';
import { KEYS } from './support';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
});
afterAll(() => server.close());

/** Writes `text` on a fresh connection and resolves with everything received until the server closes it. */
function raw(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => socket.write(text));
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
  });
}

function parse(response: string): { status: number; body: string } {
  const [head = '', body = ''] = response.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), body };
}

async function stillServes() {
  const res = await fetch(`${server.baseURL}/models`, {
    headers: { authorization: `Bearer ${KEYS.standard}` },
  });
  expect(res.status).toBe(200);
}

describe('malformed requests', () => {
  for (const host of ['a b', '[::1', 'exa mple.com:80']) {
    it(`Host "${host}" gets 400 invalid_request_error and the server keeps running`, async () => {
      const { status, body } = parse(
        await raw(`GET /v1/models HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`),
      );
      expect(status).toBe(400);
      expect(JSON.parse(body).error.type).toBe('invalid_request_error');
      await stillServes();
    });
  }

  for (const path of ['/v1/models', '/v1/chat/completions', '/__mock/faults']) {
    it(`TRACE ${path} gets 405 method_not_allowed`, async () => {
      const { status, body } = parse(
        await raw(`TRACE ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
      );
      expect(status).toBe(405);
      expect(JSON.parse(body).error.type).toBe('method_not_allowed');
      await stillServes();
    });
  }

  it('a request without Host (HTTP/1.0) is still answered', async () => {
    const { status } = parse(
      await raw(`GET /v1/models HTTP/1.0\r\nAuthorization: Bearer ${KEYS.standard}\r\n\r\n`),
    );
    expect(status).toBe(200);
  });
});

describe('timeouts', () => {
  it('closes a connection whose headers never end (headersTimeoutMs)', async () => {
    // The headers stop half-way and never finish: the server answers 408 and closes.
    const received = await raw('GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    expect(received === '' || parse(received).status === 408).toBe(true);
    await stillServes();
  });

  it('closes a connection whose body never ends (requestTimeoutMs)', async () => {
    const received = await raw(
      `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${KEYS.standard}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"model":',
    );
    expect(received === '' || parse(received).status === 408).toBe(true);
    await stillServes();
  });

  it("defaults to Node's own timeouts: 60 s for headers, 300 s for the whole request", async () => {
    const plain = await startMockServer();
    try {
      expect(plain.httpServer.headersTimeout).toBe(60_000);
      expect(plain.httpServer.requestTimeout).toBe(300_000);
    } finally {
      await plain.close();
    }
  });

  it('does not cut a stream that lasts longer than requestTimeoutMs', async () => {
    server.configure({ tokensPerSecond: 20 });
    try {
      const res = await fetch(`${server.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEYS.standard}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'haiku-4.5',
          messages: [{ role: 'user', content: 'Tell me a long story about rivers and mountains.' }],
          stream: true,
        }),
      });
      const text = await res.text();
      expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    } finally {
      server.reset();
    }
  });
});
