// What the two lanes share. `createProxy` decides what to do with a request (`decide`), as plain data
// (an `Outcome`); the Fetch lane renders it as a Response, the Node lane (toNodeHandler given a
// createProxy handler) writes it straight to the socket. The request itself is read through
// `Incoming`, so neither lane has to build the other's objects. Runtime-neutral.
import type { Usage } from '@using-ai/core';
import type { CorsPolicy, HeaderLookup } from './cors';
import { errorReply, type Reply } from './error-response';
import type { BodyReadResult, ReadBodyOptions } from './read-body';

export interface Incoming {
  /** The path of the parsed request URL (dot segments resolved). */
  pathname: string;
  method: string;
  header: HeaderLookup;
  clientAddress: string | undefined;
  /** The Fetch Request the app's callbacks (`authorize`, `transformRequest`) receive. */
  request(): Request;
  readBody(options: ReadBodyOptions): Promise<BodyReadResult>;
}

/** The one upstream call a request may make: the URL is fixed, the headers are built from the key. */
export interface UpstreamCall {
  url: string;
  method: 'GET' | 'POST';
  apiKey: string;
  timeoutMs: number;
  body?: string;
  accept: string;
  usage?: { onUsage: (usage: Usage) => void; dropUsageChunk: boolean } | undefined;
}

export type Outcome =
  /** The proxy answers itself (a refusal, the local model list, a preflight). */
  | { kind: 'reply'; reply: Reply }
  /** `authorize` denied with its own Response. */
  | { kind: 'response'; response: Response }
  | { kind: 'forward'; call: UpstreamCall };

export interface ProxyInternals {
  /** May throw (app callbacks): the caller answers 500 `server_error` then. */
  decide(incoming: Incoming): Promise<Outcome>;
  cors: CorsPolicy | null;
  fetch: typeof fetch | undefined;
}

export const PROXY_INTERNALS = Symbol.for('@using-ai/proxy.internals');

export function internalsOf(handler: unknown): ProxyInternals | undefined {
  return (handler as { [PROXY_INTERNALS]?: ProxyInternals } | null)?.[PROXY_INTERNALS];
}

/** The answer when anything in the proxy or the app's callbacks threw (never echo the error). */
export function failedReply(): Reply {
  return errorReply(500, 'server_error', 'The proxy failed to handle this request.');
}
