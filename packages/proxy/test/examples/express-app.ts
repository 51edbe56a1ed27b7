// server.ts: Express 5. Mount the proxy before any body parser (it reads the raw body itself).
import { createProxy, toNodeHandler } from '@using-ai/proxy';
import express, { type Express } from 'express';

export const app: Express = express();
app.use('/api/using-ai', toNodeHandler(createProxy({ rateLimit: { points: 30, durationSec: 60 } })));
app.use(express.json());
app.get('/health', (_req, res) => {
  res.json({ ok: true });
});
// app.listen(3000);
