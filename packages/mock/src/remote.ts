// The testing kit's controls over HTTP, for an emulator in another process (the `using-ai-mock` CLI that
// Playwright's webServer starts, the demo's): the same script/inject/requests/reset, through /__mock/*.
import type { Fault, InjectOptions } from './faults';
import type { MockConfig } from './options';
import type { RecordedRequest } from './request-log';
import type { ScriptedAnswer } from './script';

/** Controls of an emulator reached over HTTP. Every method is a request to its `/__mock/*` endpoints. */
export interface RemoteUsingAiMock {
  /** Origin without `/v1`. */
  readonly url: string;
  /** `url + '/v1'`. */
  readonly baseURL: string;
  /** Queues scripted answers (`POST /__mock/script`). */
  script(...answers: ScriptedAnswer[]): Promise<void>;
  /** Queues a fault for the next `times` requests (`POST /__mock/faults`; `Infinity` = every one). */
  inject(fault: Fault, options?: InjectOptions): Promise<void>;
  /** Changes pacing etc. (`POST /__mock/config`); resolves to the new config. */
  configure(patch: Partial<MockConfig>): Promise<MockConfig>;
  /** The request log (`GET /__mock/requests`). */
  requests(): Promise<RecordedRequest[]>;
  /** Rate limits, faults, script, config and request log back to the start (`POST /__mock/reset`). */
  reset(): Promise<void>;
}

/** Options of `connectUsingAiMock`. */
export interface ConnectOptions {
  /** The fetch to use. Default: the global one. */
  fetch?: typeof fetch;
}

/** Connects to a running emulator at `url` (its origin; a trailing `/v1` is accepted). */
export function connectUsingAiMock(url: string, options: ConnectOptions = {}): RemoteUsingAiMock {
  const origin = url.replace(/\/+$/, '').replace(/\/v1$/, '');
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const doFetch = options.fetch ?? fetch;
    const res = await doFetch(`${origin}/__mock/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) {
      let message = text;
      try {
        message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
      } catch {
        // not JSON: keep the text
      }
      throw new Error(
        `using-ai mock at ${origin}: ${method} /__mock/${path} failed (${res.status}): ${message}`,
      );
    }
    return JSON.parse(text) as T;
  };
  return {
    url: origin,
    baseURL: `${origin}/v1`,
    async script(...answers) {
      await call('POST', 'script', { answers });
    },
    async inject(fault, injectOptions = {}) {
      const times = injectOptions.times ?? 1;
      await call('POST', 'faults', { fault, times: Number.isFinite(times) ? times : null });
    },
    configure: (patch) => call<MockConfig>('POST', 'config', patch),
    requests: async () => (await call<{ requests: RecordedRequest[] }>('GET', 'requests')).requests,
    async reset() {
      await call('POST', 'reset');
    },
  };
}
