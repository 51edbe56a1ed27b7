// app/api/using-ai/[...path]/route.ts: a Next.js App Router catch-all route.
import { createProxy } from '@using-ai/proxy';

const proxy = createProxy({
  allowedModels: ['haiku-4.5', 'deepseek-r2', 'sonnet-4.5-thinking'],
  maxTokens: 4096,
});

export const POST = (request: Request) => proxy(request);
export const GET = (request: Request) => proxy(request); // models; resuming a durable stream
export const DELETE = (request: Request) => proxy(request); // stopping a durable stream
