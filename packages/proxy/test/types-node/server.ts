// A Node backend's use of core and the proxy; checked by published-types.test.ts against the built .d.ts.
import { createApiError, createClient, parseRateLimit, type UsingAiClient } from '@using-ai/core';
import { createErrorBody, isApiErrorBody } from '@using-ai/core/server';
import { createProxy } from '@using-ai/proxy';
import { toNodeHandler } from '@using-ai/proxy/node';

const client: UsingAiClient = createClient({
  baseURL: 'http://127.0.0.1:8787/api/using-ai',
  headers: async () => ({ authorization: 'Bearer app-token' }),
});
export const handler = toNodeHandler(createProxy({ apiKey: 'sk-test' }));
export const rateLimit = parseRateLimit([['x-ratelimit-limit', '60']]);
export const error = createApiError(500, createErrorBody('server_error', 'boom'), new Headers());
export const isError: boolean = isApiErrorBody(error.body);
export const stream = client.stream({ model: 'haiku-4.5', messages: [] }, { headers: [['x-request', '1']] });
