// Express 5 serves the built SPA (dist/client) and mounts the proxy at /api/using-ai. The browser only ever
// talks to this server; the key stays in this process.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProxy } from '@using-ai/proxy';
import { toNodeHandler, undiciUpstream } from '@using-ai/proxy/node';
import express from 'express';
import { startUpstream } from './upstream';

const clientDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'client');
const port = Number(process.env.PORT ?? 3000);
const upstream = await startUpstream();

const app = express();
// Upstream calls with undici's request (Node only; a third of fetch's CPU per call).
const upstreamClient = undiciUpstream();
const proxy = createProxy({ ...upstream.options, basePath: '/api/using-ai', upstreamClient });
// Mount the proxy before any body parser: it reads the raw request body itself.
app.use('/api/using-ai', toNodeHandler(proxy));
app.use(express.static(clientDir));
// The SPA's routes: every other GET gets index.html.
app.get('/{*path}', (_req, res) => {
  res.sendFile(join(clientDir, 'index.html'));
});

const server = app.listen(port, '127.0.0.1', () => {
  console.log(`express-spa-example on http://127.0.0.1:${port}/, proxying to ${upstream.description}`);
});

function shutdown() {
  server.close();
  server.closeAllConnections();
  void Promise.all([upstream.close(), upstreamClient.close()]).then(() => process.exit(0));
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
