// The proxy behind the route handler, made once per server process. With USING_AI_KEY set it talks to the
// real API (USING_AI_UPSTREAM overrides the origin); without it, the emulator (@using-ai/mock) starts in
// this process on a free port and the proxy uses one of its test keys, so the example runs with no account.
// Server-only: imported by the route handler and instrumentation.ts, never by a client component.
import { createProxy, type ProxyHandler } from '@using-ai/proxy';

// On globalThis, not in a module variable: `next dev` re-evaluates modules on every edit, and each
// evaluation would start another emulator.
const holder = globalThis as typeof globalThis & { usingAiProxy?: Promise<ProxyHandler> };

async function createUsingAiProxy(): Promise<ProxyHandler> {
  if (process.env.USING_AI_KEY) {
    console.log('using.ai proxy: forwarding to the real API (USING_AI_KEY is set)');
    return createProxy({ basePath: '/api/using-ai' });
  }
  const { startMockServer } = await import('@using-ai/mock');
  const mock = await startMockServer();
  console.log(`using.ai proxy: forwarding to the embedded emulator at ${mock.url} (USING_AI_KEY is unset)`);
  return createProxy({ apiKey: 'sk-test-standard', upstream: mock.url, basePath: '/api/using-ai' });
}

/** The process's proxy, created (and the emulator started) on first use. */
export function getProxy(): Promise<ProxyHandler> {
  holder.usingAiProxy ??= createUsingAiProxy();
  return holder.usingAiProxy;
}
