// Where the proxy sends requests. With USING_AI_KEY set: the real API (USING_AI_UPSTREAM overrides the
// origin). Without it: the emulator (@using-ai/mock) starts in this process on a free port, and the proxy
// uses one of its test keys, so the example runs with no account at all.
import { startMockServer } from '@using-ai/mock';
import type { ProxyOptions } from '@using-ai/proxy';

export interface Upstream {
  /** What to give `createProxy`: the key and origin, or nothing (it reads USING_AI_KEY itself). */
  options: ProxyOptions;
  /** A line for the console. */
  description: string;
  close(): Promise<void>;
}

export async function startUpstream(): Promise<Upstream> {
  if (process.env.USING_AI_KEY) {
    return { options: {}, description: 'the real API (USING_AI_KEY is set)', close: async () => {} };
  }
  const mock = await startMockServer();
  return {
    options: { apiKey: 'sk-test-standard', upstream: mock.url },
    description: `the embedded emulator at ${mock.url} (USING_AI_KEY is unset)`,
    close: () => mock.close(),
  };
}
