/**
 * MSW handlers that answer like the emulator.
 *
 * @module \@using-ai/mock/msw
 */
// MSW 2 adapter: the same Fetch handler behind `http.all` handlers, for testing components in jsdom
// (or Node) with no server. Import from '@using-ai/mock/msw'.
import { type HttpHandler, http } from 'msw';
import { createMockHandler, type MockHandler } from './handler';
import type { MockOptions } from './options';

/** Options of `handlers`: the emulator's options, or a shared handler, and which URLs to intercept. */
export interface MswHandlersOptions extends MockOptions {
  /**
   * Only intercept requests under this base (e.g. 'https://api.using.ai/v1' or 'https://api.using.ai').
   * Default: any origin, any path ending in /v1/... or /__mock/...
   */
  baseURL?: string;
  /** Share an existing handler (and its faults, config and rate-limit state); options are then ignored. */
  handler?: MockHandler;
}

/** MSW request handlers that answer like the emulator, for tests in jsdom, happy-dom or the browser (`setupServer(...handlers())`). */
export function handlers(options: MswHandlersOptions = {}): HttpHandler[] {
  const { baseURL, handler: shared, ...mockOptions } = options;
  const handler = shared ?? createMockHandler(mockOptions);
  const origin = baseURL ? baseURL.replace(/\/+$/, '').replace(/\/v1$/, '') : '*';
  const resolve = ({ request }: { request: Request }) => handler(request);
  return [http.all(`${origin}/v1/*`, resolve), http.all(`${origin}/__mock/*`, resolve)];
}

export { createMockHandler, type MockHandler } from './handler';
