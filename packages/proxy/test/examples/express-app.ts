// server.ts: Express 5. Mount the proxy before any body parser (it reads the raw body itself).
import { createProxy } from '@using-ai/proxy';
import { toNodeHandler, undiciUpstream } from '@using-ai/proxy/node';
import express, { type Express } from 'express';

export const app: Express = express();
// undiciUpstream(): on Node, upstream calls with undici's request (a third of fetch's CPU per call).
const proxy = createProxy({ rateLimit: { points: 30, durationSec: 60 }, upstreamClient: undiciUpstream() });
app.use('/api/using-ai', toNodeHandler(proxy));
app.use(express.json());
app.get('/health', (_req, res) => {
  res.json({ ok: true });
});
// app.listen(3000);
