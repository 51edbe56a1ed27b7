// Proxy under load and faults, end to end over real HTTP (the proxy in its own process, built package):
//   1. 500 concurrent streams through the proxy to the emulator, three rounds: every stream complete and
//      its content identical to the same request sent direct; proxy memory (after GC) per round. Once
//      without durable streams (memory must be flat), once with them (the default: finished streams are
//      kept for resuming, ttlSec 300 s up to maxBytes 64 MB, so the heap grows by what they hold).
//   2. A slow-headers / slow-body flood (default server deadlines) while normal clients stream.
//   3. A client pushing a 10 GB Content-Length: answered 413, drained only up to the bound, memory flat.
//   4. An upstream that stalls after its headers: cut by upstreamIdleTimeoutMs, reported in the API's shape.
//   pnpm --filter @using-ai/bench bench:load      (build first: pnpm run build)
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { type Child, MOCK_PROGRAM, PROXY_PROGRAM, startChild as start } from '../support/child';

const KEY = 'sk-test-supermaxes';
const STREAMS = Number(process.env.LOAD_STREAMS ?? 500);
const ROUNDS = 3;
const FLOOD = Number(process.env.LOAD_FLOOD ?? 1000);

const startChild = (kind: 'mock' | 'proxy', env: Record<string, string> = {}) =>
  start(kind === 'mock' ? MOCK_PROGRAM : PROXY_PROGRAM, env);

const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;

interface Answer {
  status: number;
  /** The concatenated content deltas and the finish reason: what a reader of the stream sees. */
  content: string;
  done: boolean;
  ttfbMs: number;
  text: string;
}

function send(
  url: string,
  body: object,
  headers: Record<string, string> = {},
  retried = false,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let ttfbMs = -1;
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (ttfbMs < 0) ttfbMs = performance.now() - start;
          text += chunk;
        });
        res.on('end', () => {
          let content = '';
          for (const line of text.split('\n')) {
            if (!line.startsWith('data: {')) continue;
            const event = JSON.parse(line.slice(6));
            const choice = event.choices?.[0];
            content += choice?.delta?.content ?? '';
            if (choice?.finish_reason) content += `|${choice.finish_reason}`;
          }
          resolve({
            status: res.statusCode ?? 0,
            content,
            done: text.includes('data: [DONE]'),
            ttfbMs,
            text,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      // Node's keep-alive race (the server closed an idle socket as it was reused): retry once.
      if (!retried && req.reusedSocket && error.code === 'ECONNRESET') {
        send(url, body, headers, true).then(resolve, reject);
      } else reject(error);
    });
    req.end(JSON.stringify(body));
  });
}

const prompt = (i: number) => ({
  model: 'haiku-4.5',
  messages: [{ role: 'user', content: `Stream number ${i % 50}: write about proxies.` }],
  stream: true,
});

async function concurrentStreams(mock: Child, proxy: Child, label: string): Promise<void> {
  await mock.ask(`config ${JSON.stringify({ tokensPerSecond: 400 })}`);
  // The reference: each distinct request once, direct (the emulator answers a prompt the same way each time).
  const reference = new Map<number, string>();
  for (let i = 0; i < 50; i++) {
    reference.set(
      i,
      (await send(`${mock.url}/v1/chat/completions`, prompt(i), { authorization: `Bearer ${KEY}` })).content,
    );
  }
  const before = await proxy.ask('mem');
  console.log(
    `\n${label} ${STREAMS} concurrent streams through the proxy, ${ROUNDS} rounds (emulator at 400 tokens/s):`,
  );
  console.log(`   proxy before: rss ${mb(before.rss!)} MB, heap ${mb(before.heapUsed!)} MB`);
  for (let round = 1; round <= ROUNDS; round++) {
    const started = performance.now();
    const all = Promise.all(
      Array.from({ length: STREAMS }, (_, i) => send(`${proxy.url}/chat/completions`, prompt(i))),
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const open = await proxy.ask('mem');
    const answers = await all;
    const seconds = (performance.now() - started) / 1000;
    const after = await proxy.ask('mem');
    const complete = answers.filter((a) => a.status === 200 && a.done).length;
    const identical = answers.filter((a, i) => a.content === reference.get(i % 50)).length;
    console.log(
      `   round ${round}: ${complete}/${STREAMS} complete, ${identical}/${STREAMS} identical to direct, ${seconds.toFixed(1)} s, TTFB median ${median(answers.map((a) => a.ttfbMs)).toFixed(1)} ms; ` +
        `proxy while open rss ${mb(open.rss!)} MB heap ${mb(open.heapUsed!)} MB, after rss ${mb(after.rss!)} MB heap ${mb(after.heapUsed!)} MB`,
    );
  }
}

async function flood(mock: Child, proxy: Child): Promise<void> {
  await mock.ask(`config ${JSON.stringify({ tokensPerSecond: 2000 })}`);
  const { port, hostname } = new URL(proxy.url);
  const baseline = await Promise.all(
    Array.from({ length: 50 }, (_, i) => send(`${proxy.url}/chat/completions`, prompt(i))),
  );
  const sockets: Socket[] = [];
  let closedByServer = 0;
  const started = performance.now();
  for (let i = 0; i < FLOOD; i++) {
    const socket = connect(Number(port), hostname);
    socket.on('error', () => {});
    socket.on('close', () => {
      closedByServer++;
    });
    // Half the flood dribbles its headers, half sends headers and then half a 1 MB body, slowly.
    if (i % 2 === 0) socket.write('POST /api/using-ai/chat/completions HTTP/1.1\r\nHost: x\r\n');
    else {
      socket.write(
        'POST /api/using-ai/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n',
      );
      socket.write(Buffer.alloc(500_000, 0x20));
    }
    sockets.push(socket);
  }
  const drip = setInterval(() => {
    for (const socket of sockets) if (!socket.destroyed) socket.write('X');
  }, 1000);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const during = await Promise.all(
    Array.from({ length: 50 }, (_, i) => send(`${proxy.url}/chat/completions`, prompt(i))),
  );
  const mem = await proxy.ask('mem');
  // The servers we start cut headers after 10 s and whole requests after 30 s (Node checks every second).
  await new Promise((resolve) => setTimeout(resolve, 12_000));
  const closedAt12 = closedByServer;
  await new Promise((resolve) => setTimeout(resolve, 20_000));
  clearInterval(drip);
  const after = await proxy.ask('mem');
  for (const socket of sockets) socket.destroy();
  const ok = (answers: Answer[]) => answers.filter((a) => a.status === 200 && a.done).length;
  console.log(
    `\n2. Flood: ${FLOOD} connections (half dribbling headers, half half-sending a 1 MB body) + 50 normal streams:`,
  );
  console.log(
    `   normal streams: baseline ${ok(baseline)}/50 complete, TTFB median ${median(baseline.map((a) => a.ttfbMs)).toFixed(1)} ms; during the flood ${ok(during)}/50, ${median(during.map((a) => a.ttfbMs)).toFixed(1)} ms`,
  );
  console.log(
    `   flood connections closed by the proxy: ${closedAt12}/${FLOOD} after 12 s, ${closedByServer}/${FLOOD} after ${((performance.now() - started) / 1000).toFixed(0)} s; proxy during rss ${mb(mem.rss!)} MB heap ${mb(mem.heapUsed!)} MB, after rss ${mb(after.rss!)} MB heap ${mb(after.heapUsed!)} MB`,
  );
}

async function hugeBody(proxy: Child): Promise<void> {
  // A client claiming a 10 GB body and pushing it at full speed for 5 s: each connection is answered 413 at
  // once and cut after the lingering bound; the client reconnects and pushes again.
  const { port, hostname } = new URL(proxy.url);
  const before = await proxy.ask('mem');
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let connections = 0;
  let answered = 0;
  let pushed = 0;
  const until = performance.now() + 5000;
  let peak = before;
  const sampler = setInterval(async () => {
    const now = await proxy.ask('mem');
    if (now.rss! > peak.rss!) peak = now;
  }, 500);
  while (performance.now() < until) {
    connections++;
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), hostname, () => {
        socket.write(
          'POST /api/using-ai/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000000000\r\n\r\n',
        );
        const pump = () => {
          while (!socket.destroyed && performance.now() < until && socket.write(chunk))
            pushed += chunk.length;
          if (performance.now() >= until) socket.destroy();
        };
        socket.on('drain', pump);
        pump();
      });
      socket.once('data', (data: Buffer) => {
        if (data.toString('latin1').startsWith('HTTP/1.1 413')) answered++;
      });
      socket.on('error', () => {});
      socket.on('close', () => resolve());
    });
  }
  clearInterval(sampler);
  const after = await proxy.ask('mem');
  console.log(`\n3. A client pushing a body with Content-Length: 10 GB at full speed for 5 s:`);
  console.log(
    `   ${connections} connections, ${answered} answered 413, ${mb(pushed)} MB pushed; proxy rss ${mb(before.rss!)} MB before, ${mb(peak.rss!)} MB peak, ${mb(after.rss!)} MB after (heap ${mb(before.heapUsed!)} -> ${mb(after.heapUsed!)} MB)`,
  );
}

async function stallingUpstream(): Promise<void> {
  const upstream = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: {"choices":[{"index":0,"delta":{"content":"first"}}]}\n\n');
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  let upstreamClosed = 0;
  upstream.on('request', (_req, res) => res.on('close', () => upstreamClosed++));
  const proxy = await startChild('proxy', {
    USING_AI_KEY: KEY,
    UPSTREAM: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
    PROXY_OPTIONS: JSON.stringify({ upstreamIdleTimeoutMs: 2000 }),
  });
  try {
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => send(`${proxy.url}/chat/completions`, prompt(i))),
    );
    const seconds = (performance.now() - started) / 1000;
    const last = answers[0]!.text.trim().split('\n\n').at(-1);
    const shaped = answers.filter((a) => a.text.includes('"type":"upstream_timeout"')).length;
    // The upstream learns of the cut a moment after the client got its error event.
    for (let i = 0; i < 40 && upstreamClosed < answers.length; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    console.log(`\n4. Upstream stalls after its headers (upstreamIdleTimeoutMs 2000), 20 streams:`);
    console.log(
      `   ${shaped}/20 ended with the error event after ${seconds.toFixed(1)} s; upstream saw ${upstreamClosed}/20 closed; last event: ${last}`,
    );
  } finally {
    await proxy.stop();
    upstream.closeAllConnections();
    upstream.close();
  }
}

async function main(): Promise<void> {
  const mock = await startChild('mock');
  const proxy = await startChild('proxy', { USING_AI_KEY: KEY, UPSTREAM: mock.url });
  const notDurable = await startChild('proxy', {
    USING_AI_KEY: KEY,
    UPSTREAM: mock.url,
    PROXY_OPTIONS: JSON.stringify({ resume: false }),
  });
  console.log(
    `proxy-load: node ${process.version}, emulator and @using-ai/proxy (startProxyServer) each in their own process`,
  );
  try {
    await concurrentStreams(mock, notDurable, '1a. resume: false (memory must stay flat):');
    await notDurable.stop();
    await concurrentStreams(
      mock,
      proxy,
      '1b. durable streams on, the default (finished streams kept for resuming, so the heap grows by what they hold):',
    );
    await flood(mock, proxy);
    await hugeBody(proxy);
    await stallingUpstream();
  } finally {
    agent.destroy();
    await proxy.stop();
    await mock.stop();
  }
}

await main();
