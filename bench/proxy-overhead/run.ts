// Proxy overhead: the same requests straight to the emulator and through @using-ai/proxy (Node adapter),
// interleaved in one run, so all paths share the machine's noise. The proxy runs twice: as startProxyServer
// runs it (upstream calls with undici's request) and with the global fetch upstream (what createProxy uses
// on other runtimes, e.g. a Next.js route). The emulator and the proxy each run
// in their own process (built packages), like they would in production; this process only measures.
//   pnpm --filter @using-ai/bench bench:proxy      (build first: pnpm run build)
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MOCK_PROGRAM, PROXY_PROGRAM, startChild as start } from '../support/child';

const KEY = 'sk-test-supermaxes';
// 1,500 sequential samples per path: with 300, the median still carried the proxy's JIT warm-up and moved
// by ±0.2 ms between runs; a proxy's steady state is what its users get.
const TTFB_SAMPLES = Number(process.env.TTFB_SAMPLES ?? 1500);
// 24 rounds per path: with 12, the median ratio moved by ±0.05 between runs on a busy 2-core machine.
const THROUGHPUT_ROUNDS = Number(process.env.THROUGHPUT_ROUNDS ?? 24);
const THROUGHPUT_CONCURRENCY = 20;
const CONCURRENT_STREAMS = 200;
const ABORT_SAMPLES = Number(process.env.ABORT_SAMPLES ?? 50);
/** How long an abort sample waits for upstream to see the disconnect before calling it "never". */
const ABORT_GIVE_UP_MS = 1000;

// Each server runs in its own process (support/child.ts).
const PROGRAMS = {
  mock: MOCK_PROGRAM,
  // The peer: the 15-line proxy a user would write by hand with node:http (no checks, no scrubbing).
  pipe: `
    import { Agent, createServer, request } from 'node:http';
    const agent = new Agent({ keepAlive: true });
    const upstream = new URL('/v1/chat/completions', process.env.UPSTREAM);
    const server = createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const up = request(upstream, { method: 'POST', agent, headers: { authorization: 'Bearer ' + process.env.USING_AI_KEY, 'content-type': 'application/json' } }, (ur) => {
          res.writeHead(ur.statusCode, { 'content-type': ur.headers['content-type'] });
          ur.pipe(res);
        });
        up.end(Buffer.concat(chunks));
      });
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const commands = {};
    __SERVE__('http://127.0.0.1:' + server.address().port);`,
  // The other peer, and the proxy's overhead target: what a user would write with a well-kept Node
  // adapter (@hono/node-server) and the global fetch (no checks, no scrubbing).
  hono: `
    import { serve } from '@hono/node-server';
    const upstream = new URL('/v1/chat/completions', process.env.UPSTREAM).href;
    const server = serve({ hostname: '127.0.0.1', port: 0, overrideGlobalObjects: false, fetch: async (req) => {
      const up = await fetch(upstream, { method: 'POST', body: await req.text(), signal: req.signal,
        headers: { authorization: 'Bearer ' + process.env.USING_AI_KEY, 'content-type': 'application/json' } });
      return new Response(up.body, { status: up.status, headers: { 'content-type': up.headers.get('content-type') } });
    } });
    await new Promise((resolve) => server.once('listening', resolve));
    const commands = {};
    __SERVE__('http://127.0.0.1:' + server.address().port);`,
  proxy: PROXY_PROGRAM,
};
const startChild = (kind: keyof typeof PROGRAMS, env: Record<string, string> = {}) =>
  start(PROGRAMS[kind], env);

interface Sample {
  ttfbMs: number;
  totalMs: number;
  bytes: number;
  done: boolean;
}

const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
const BODY = JSON.stringify({
  model: 'haiku-4.5',
  messages: [{ role: 'user', content: 'Write about streaming proxies.' }],
  stream: true,
});

/**
 * One stream. A keep-alive socket the server closed as idle just as it was reused fails with ECONNRESET
 * before anything was sent back (Node's documented keep-alive race); that one is retried once.
 */
function stream(url: string, headers: Record<string, string>, retried = false): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let ttfbMs = -1;
    let bytes = 0;
    let tail = '';
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        res.on('data', (chunk: Buffer) => {
          if (ttfbMs < 0) ttfbMs = performance.now() - start;
          bytes += chunk.length;
          tail = (tail + chunk.toString('latin1')).slice(-32);
        });
        res.on('end', () =>
          resolve({
            ttfbMs,
            totalMs: performance.now() - start,
            bytes,
            done: tail.includes('[DONE]') && res.statusCode === 200,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (!retried && req.reusedSocket && error.code === 'ECONNRESET') {
        stream(url, headers, true).then(resolve, reject);
      } else reject(error);
    });
    req.end(BODY);
  });
}

/**
 * An upstream that sends one event and then hangs, reporting (on this process's clock) when each of its
 * requests is closed: how fast a client's disconnect reaches it through a proxy.
 */
async function startHangingUpstream() {
  let onClose: ((at: number) => void) | null = null;
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: {"first":true}\n\n');
    res.on('close', () => onClose?.(performance.now()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Opens a stream at `url`, disconnects after its first bytes, and resolves with the ms until upstream saw it. */
    abortLatency(url: string): Promise<number | null> {
      return new Promise((resolve, reject) => {
        const req = request(
          url,
          { method: 'POST', headers: { 'content-type': 'application/json' } },
          (res) => {
            res.once('data', () => {
              const start = performance.now();
              const timer = setTimeout(() => {
                onClose = null;
                resolve(null);
              }, ABORT_GIVE_UP_MS);
              onClose = (at) => {
                clearTimeout(timer);
                onClose = null;
                resolve(at - start);
              };
              req.destroy();
            });
          },
        );
        req.on('error', (error) => {
          if (!req.destroyed) reject(error);
        });
        req.end(BODY);
      });
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);

async function main(): Promise<void> {
  const mock = await startChild('mock');
  // resume: false: the one stream path against the peers, which keep no events (durable streams cost what
  // bench/resume measures); and a disconnect cancels upstream only without them (with them, DELETE does).
  const NO_RESUME = JSON.stringify({ resume: false });
  const proxy = await startChild('proxy', {
    USING_AI_KEY: KEY,
    UPSTREAM: mock.url,
    PROXY_OPTIONS: NO_RESUME,
  });
  const proxyFetch = await startChild('proxy', {
    USING_AI_KEY: KEY,
    UPSTREAM: mock.url,
    PROXY_OPTIONS: NO_RESUME,
    PROXY_FETCH: '1',
  });
  const pipe = await startChild('pipe', { USING_AI_KEY: KEY, UPSTREAM: mock.url });
  const hono = await startChild('hono', { USING_AI_KEY: KEY, UPSTREAM: mock.url });
  const paths = {
    direct: () => stream(`${mock.url}/v1/chat/completions`, { authorization: `Bearer ${KEY}` }),
    proxy: () => stream(`${proxy.url}/chat/completions`, {}),
    proxyFetch: () => stream(`${proxyFetch.url}/chat/completions`, {}),
    pipe: () => stream(`${pipe.url}/chat/completions`, {}),
    hono: () => stream(`${hono.url}/chat/completions`, {}),
  };
  type PathName = keyof typeof paths;
  // Rotates which path goes first, so none always runs on a warmer (or noisier) machine.
  const names: PathName[] = ['direct', 'proxy', 'proxyFetch', 'pipe', 'hono'];
  const orders: PathName[][] = names.map((_, i) => [...names.slice(i), ...names.slice(0, i)]);
  try {
    console.log(
      `proxy-overhead: node ${process.version}, emulator, @using-ai/proxy (startProxyServer, resume: false; undici upstream by default, and again with fetch), a hand-written node:http pipe and @hono/node-server + fetch (the peers) each in their own process`,
    );
    // Warm-up, so that every server runs optimised code before anything is timed.
    for (let i = 0; i < 200; i++) {
      await Promise.all(names.map((name) => paths[name]()));
    }

    // 1. Time to first byte, sequential, rotating which path goes first.
    const ttfb: Record<PathName, number[]> = { direct: [], proxy: [], proxyFetch: [], pipe: [], hono: [] };
    for (let i = 0; i < TTFB_SAMPLES; i++) {
      for (const path of orders[i % orders.length]!) ttfb[path].push((await paths[path]()).ttfbMs);
    }
    const [td, tp, tq, th] = [median(ttfb.direct), median(ttfb.proxy), median(ttfb.pipe), median(ttfb.hono)];
    const tf = median(ttfb.proxyFetch);
    console.log(`\nTTFB median over ${TTFB_SAMPLES} streams each (first body byte):`);
    console.log(
      `  direct ${td.toFixed(3)} ms, @using-ai/proxy ${tp.toFixed(3)} ms, hand-written pipe ${tq.toFixed(3)} ms, @hono/node-server + fetch ${th.toFixed(3)} ms`,
    );
    console.log(
      `  @using-ai/proxy added ${(tp - td).toFixed(3)} ms (target <= 1 ms) -> ${tp - td <= 1 ? 'MET' : 'MISSED'}; ratio ${(tp / td).toFixed(2)}x`,
    );
    console.log(`  peer (pipe) added ${(tq - td).toFixed(3)} ms; ratio ${(tq / td).toFixed(2)}x`);
    console.log(
      `  peer (@hono/node-server + fetch) added ${(th - td).toFixed(3)} ms; @using-ai/proxy minus it: ${(tp - th).toFixed(3)} ms (target <= 0) -> ${tp <= th ? 'MET' : 'MISSED'}`,
    );
    console.log(
      `  @using-ai/proxy with the fetch upstream ${tf.toFixed(3)} ms: added ${(tf - td).toFixed(3)} ms; minus @hono/node-server + fetch: ${(tf - th).toFixed(3)} ms`,
    );

    // 2. Throughput: rounds of concurrent full streams, bytes per second of wall time.
    const rate: Record<PathName, number[]> = { direct: [], proxy: [], proxyFetch: [], pipe: [], hono: [] };
    for (let round = 0; round < THROUGHPUT_ROUNDS; round++) {
      for (const path of orders[round % orders.length]!) {
        const start = performance.now();
        const samples = await Promise.all(
          Array.from({ length: THROUGHPUT_CONCURRENCY }, () => paths[path]()),
        );
        const seconds = (performance.now() - start) / 1000;
        if (!samples.every((s) => s.done)) throw new Error(`${path}: a stream did not finish`);
        rate[path].push(samples.reduce((sum, s) => sum + s.bytes, 0) / seconds);
      }
    }
    const [rd, rp, rq, rh] = [median(rate.direct), median(rate.proxy), median(rate.pipe), median(rate.hono)];
    const rf = median(rate.proxyFetch);
    console.log(
      `\nThroughput median over ${THROUGHPUT_ROUNDS} rounds of ${THROUGHPUT_CONCURRENCY} concurrent streams (emulator unpaced: CPU-bound):`,
    );
    console.log(
      `  direct ${mb(rd)} MB/s, @using-ai/proxy ${mb(rp)} MB/s, hand-written pipe ${mb(rq)} MB/s, @hono/node-server + fetch ${mb(rh)} MB/s`,
    );
    console.log(
      `  @using-ai/proxy ratio ${(rp / rd).toFixed(3)}x (target >= the @hono/node-server + fetch ratio ${(rh / rd).toFixed(3)}x) -> ${rp >= rh ? 'MET' : 'MISSED'}; peer (pipe) ratio ${(rq / rd).toFixed(3)}x`,
    );
    console.log(`  @using-ai/proxy with the fetch upstream ${mb(rf)} MB/s, ratio ${(rf / rd).toFixed(3)}x`);

    // CPU each process spends per stream: on a small machine this, not the wire, bounds throughput.
    const cpu = async () => ({
      mock: await mock.ask('cpu'),
      proxy: await proxy.ask('cpu'),
      proxyFetch: await proxyFetch.ask('cpu'),
      pipe: await pipe.ask('cpu'),
      hono: await hono.ask('cpu'),
    });
    const cpu0 = await cpu();
    for (let i = 0; i < 10; i++) {
      await Promise.all(Array.from({ length: THROUGHPUT_CONCURRENCY }, () => paths.proxy()));
      await Promise.all(Array.from({ length: THROUGHPUT_CONCURRENCY }, () => paths.proxyFetch()));
      await Promise.all(Array.from({ length: THROUGHPUT_CONCURRENCY }, () => paths.pipe()));
      await Promise.all(Array.from({ length: THROUGHPUT_CONCURRENCY }, () => paths.hono()));
    }
    const cpu1 = await cpu();
    const streams = 10 * THROUGHPUT_CONCURRENCY;
    const per = (name: keyof Awaited<ReturnType<typeof cpu>>, n: number) =>
      ((cpu1[name].cpuMs! - cpu0[name].cpuMs!) / n).toFixed(3);
    console.log(
      `  CPU per stream: emulator ${per('mock', 4 * streams)} ms, @using-ai/proxy ${per('proxy', streams)} ms (with the fetch upstream ${per('proxyFetch', streams)} ms), hand-written pipe ${per('pipe', streams)} ms, @hono/node-server + fetch ${per('hono', streams)} ms`,
    );

    // 3. 200 concurrent paced streams through the proxy, twice: memory of the proxy process.
    await mock.ask(`config ${JSON.stringify({ tokensPerSecond: 200 })}`);
    const before = await proxy.ask('mem');
    const rounds: Array<{ peak: Record<string, number>; after: Record<string, number>; ok: number }> = [];
    for (let round = 0; round < 2; round++) {
      const all = Promise.all(Array.from({ length: CONCURRENT_STREAMS }, () => paths.proxy()));
      await new Promise((r) => setTimeout(r, 500));
      const peak = await proxy.ask('mem');
      const samples = await all;
      rounds.push({ peak, after: await proxy.ask('mem'), ok: samples.filter((s) => s.done).length });
    }
    console.log(`\n${CONCURRENT_STREAMS} concurrent streams through the proxy (proxy process, after GC):`);
    console.log(`  before:            rss ${mb(before.rss!)} MB, heap ${mb(before.heapUsed!)} MB`);
    rounds.forEach((r, i) => {
      console.log(
        `  round ${i + 1} while open: rss ${mb(r.peak.rss!)} MB, heap ${mb(r.peak.heapUsed!)} MB; completed ${r.ok}/${CONCURRENT_STREAMS}`,
      );
      console.log(`  round ${i + 1} after:     rss ${mb(r.after.rss!)} MB, heap ${mb(r.after.heapUsed!)} MB`);
    });
    const growth = rounds[1]!.after.heapUsed! - rounds[0]!.after.heapUsed!;
    console.log(
      `  heap growth from round 1 to round 2: ${(growth / 1024).toFixed(0)} KB (flat = no per-stream leak)`,
    );

    // 4. Abort propagation: a client that disconnects mid-stream, and when the upstream sees it.
    const hanging = await startHangingUpstream();
    const abortProxy = await startChild('proxy', {
      USING_AI_KEY: KEY,
      UPSTREAM: hanging.url,
      PROXY_OPTIONS: NO_RESUME,
    });
    const abortPipe = await startChild('pipe', { USING_AI_KEY: KEY, UPSTREAM: hanging.url });
    try {
      const seen: Record<'proxy' | 'pipe', Array<number | null>> = { proxy: [], pipe: [] };
      for (let i = 0; i < ABORT_SAMPLES; i++) {
        seen.proxy.push(await hanging.abortLatency(`${abortProxy.url}/chat/completions`));
        if (i < 5) seen.pipe.push(await hanging.abortLatency(`${abortPipe.url}/chat/completions`));
      }
      const report = (values: Array<number | null>) => {
        const ms = values.filter((v): v is number => v !== null);
        const never = values.length - ms.length;
        return ms.length
          ? `median ${median(ms).toFixed(2)} ms, max ${Math.max(...ms).toFixed(2)} ms${never ? `, ${never} never` : ''}`
          : `never within ${ABORT_GIVE_UP_MS} ms (${never}/${values.length})`;
      };
      const proxyMs = seen.proxy.filter((v): v is number => v !== null);
      const met = proxyMs.length === seen.proxy.length && Math.max(...proxyMs) <= 100;
      console.log(
        `\nAbort propagation: client disconnects after the first event; time until upstream sees it:`,
      );
      console.log(
        `  @using-ai/proxy (${ABORT_SAMPLES} streams): ${report(seen.proxy)} (target: within 100 ms) -> ${met ? 'MET' : 'MISSED'}`,
      );
      console.log(`  hand-written pipe (5 streams): ${report(seen.pipe)}`);
    } finally {
      await abortProxy.stop();
      await abortPipe.stop();
      await hanging.close();
    }
  } finally {
    agent.destroy();
    await proxy.stop();
    await proxyFetch.stop();
    await pipe.stop();
    await hono.stop();
    await mock.stop();
  }
}

await main();
