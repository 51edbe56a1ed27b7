// Hono on Node (@hono/node-server): the proxy is one route, the page is static files from dist/public.
// The browser only ever talks to this server; the key stays in this process.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { createProxy } from '@using-ai/proxy';
import { Hono } from 'hono';
import { startUpstream } from './upstream';

const publicDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'public');
const port = Number(process.env.PORT ?? 3000);
const upstream = await startUpstream();
const proxy = createProxy({ ...upstream.options, basePath: '/api/using-ai' });

const app = new Hono();
// The proxy is a Fetch handler: Hono hands it the standard Request and sends back its Response as is.
app.all('/api/using-ai/*', (c) => proxy(c.req.raw));
app.use('/*', serveStatic({ root: publicDir }));

const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) => {
  console.log(`hono-example on http://127.0.0.1:${info.port}/, proxying to ${upstream.description}`);
});

function shutdown() {
  server.close();
  void upstream.close().then(() => process.exit(0));
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
