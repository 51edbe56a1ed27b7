// src/index.ts: Hono (the same code runs on Node, Bun, Deno and Cloudflare Workers).
import { createProxy } from '@using-ai/proxy';
import { Hono } from 'hono';

const proxy = createProxy({
  authorize: (request) => request.headers.get('x-user-id') ?? false,
});

export const app = new Hono();
app.all('/api/using-ai/*', (c) => proxy(c.req.raw));
// export default app;
