/**
 * The Vite plugin that serves the proxy under `vite dev` and `vite preview`.
 *
 * @module \@using-ai/proxy/vite
 */
// The Vite plugin: the same handler as connect middleware under `vite dev` and `vite preview`, so the
// browser calls /api/using-ai on its own origin and the key stays in the Vite process.
import type { Connect, Plugin } from 'vite';
import { createProxy } from './create-proxy';
import { toNodeHandler } from './node-adapter';
import type { NodeRequestLike, NodeResponseLike } from './node-handler';
import { nodeUpstream } from './node-upstream';
import type { ProxyOptions } from './options';
import { DEFAULT_BASE_PATH } from './proxy-server';
import { normalizeBasePath } from './route';

/** Options of the Vite plugin: the proxy's options, served at `basePath`. */
export interface UsingAiProxyPluginOptions extends ProxyOptions {
  /** Where the proxy is served. Default `/api/using-ai` (the core client's default base URL). */
  basePath?: string;
}

/** The part of Vite's `httpServer` the plugin uses (null in middleware mode). */
interface HttpServerLike {
  once(event: 'close', listener: () => void): unknown;
}

/** A Vite plugin that serves the proxy under `vite dev` and `vite preview` (never in the built app). */
export function usingAiProxy(options: UsingAiProxyPluginOptions = {}): Plugin {
  const basePath = normalizeBasePath(options.basePath ?? DEFAULT_BASE_PATH);

  // Built when a server starts, not when the config is read: `vite build` needs no key.
  const middleware = (httpServer: HttpServerLike | null): Connect.NextHandleFunction => {
    const own = nodeUpstream(options);
    const handler = toNodeHandler(createProxy({ ...options, ...own, basePath }));
    // The upstream connections this server opened close with it.
    httpServer?.once('close', () => void own.upstreamClient?.close());
    return (req, res, next) => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      if (path !== basePath && !path.startsWith(`${basePath}/`)) {
        next();
        return;
      }
      void handler(req as unknown as NodeRequestLike, res as unknown as NodeResponseLike, next);
    };
  };

  return {
    name: 'using-ai-proxy',
    configureServer(server) {
      server.middlewares.use(middleware(server.httpServer));
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware(server.httpServer));
    },
  };
}
