// `GET /__demo/upstream`: what the emulator saw of the latest chat request (from its request log), so the
// developer panel can show that Stop really stopped the model: the request ends `cancelled` upstream.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MockServer } from '@using-ai/mock';
import type { Plugin } from 'vite';

/** The latest chat request as the emulator recorded it. */
export interface UpstreamLast {
  outcome: 'pending' | 'completed' | 'cancelled' | 'error' | null;
  status: number | null;
}

export function upstreamLogPlugin(mock: MockServer): Plugin {
  return {
    name: 'using-ai-demo-upstream-log',
    configureServer(server) {
      server.middlewares.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
        if (req.url !== '/__demo/upstream' || req.method !== 'GET') return next();
        const last = mock
          .requests()
          .filter((r) => r.path.endsWith('/chat/completions'))
          .at(-1);
        const body: UpstreamLast = { outcome: last?.outcome ?? null, status: last?.status ?? null };
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(body));
      });
    },
  };
}
