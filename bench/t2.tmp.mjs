import { Agent, request } from 'node:http';
import { startMockServer } from '@using-ai/mock';
import { startProxyServer } from '@using-ai/proxy/node';

const s = await startMockServer({ rateLimit: false });
const p = await startProxyServer({ port: 0, apiKey: 'sk-test-supermaxes', upstream: s.url, resume: false });
const agent = new Agent({ keepAlive: true });
const BODY = JSON.stringify({
  model: 'haiku-4.5',
  messages: [{ role: 'user', content: 'Write about streaming proxies.' }],
  stream: true,
});
const one = () =>
  new Promise((res) => {
    const t = performance.now();
    let h,
      f = -1;
    const r = request(
      p.url + '/chat/completions',
      { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
      (x) => {
        h = performance.now() - t;
        x.on('data', () => {
          if (f < 0) f = performance.now() - t;
        });
        x.on('end', () => res([h, f, performance.now() - t]));
      },
    );
    r.end(BODY);
  });
const a = [];
for (let i = 0; i < 500; i++) a.push(await one());
const med = (k) =>
  a
    .map((x) => x[k])
    .sort((x, y) => x - y)
    [a.length >> 1].toFixed(3);
console.log('headers', med(0), 'first data', med(1), 'end', med(2));
await p.close();
await s.close();
