// The setup the handler suites share: a scripted upstream for the whole file, proxies served through
// toNodeHandler (closed after each test), and the request helpers. `useHandlerSetup()` registers the hooks;
// `upstream` is a live binding, set before the first test.
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { ProxyOptions } from '../../src/index';
import { type Served, serveProxy } from './serve';
import { sseScript, startUpstream, type TestUpstream } from './upstream';

export const KEY = 'sk-test-handler-0123456789';
export const REQ = { model: 'deepseek-r2', messages: [{ role: 'user', content: 'hi' }], stream: true };

export let upstream: TestUpstream;
const servers: Served[] = [];

export function useHandlerSetup(): void {
  beforeAll(async () => {
    upstream = await startUpstream();
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    upstream.seen.length = 0;
    upstream.setScript(sseScript(['Hello', ' world']));
  });
  afterAll(() => upstream.close());
}

/** Closed after the current test. */
export function track(served: Served): Served {
  servers.push(served);
  return served;
}

/** A proxy on the test upstream; returns its base URL (`…/api/using-ai`). */
export async function proxy(options: ProxyOptions = {}): Promise<string> {
  const served = track(await serveProxy({ apiKey: KEY, upstream: upstream.url, ...options }));
  return `${served.origin}/api/using-ai`;
}

export const chat = (base: string, body: unknown, init: RequestInit = {}) =>
  fetch(`${base}/chat/completions`, {
    method: 'POST',
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

/** A streamed body without the `id: n` lines durable streams add (resume-http.test.ts tests those). */
export const withoutIds = (text: string) => text.replace(/^id: \d+\n/gm, '');
