import { createChatStream } from './chat-stream';
import { createClientContext } from './client-context';
import type { ClientOptions, UsingAiClient } from './client-types';
import { complete, listModels } from './complete';

/**
 * A client for the app's own using.ai proxy (default mount `/api/using-ai`). Holds no API key:
 * authenticate to your proxy with `headers`. One client shares its rate-limit state across requests.
 */
export function createClient(options: ClientOptions = {}): UsingAiClient {
  const context = createClientContext(options);
  return {
    complete: (request, requestOptions) => complete(context, request, requestOptions),
    stream: (request, requestOptions) => createChatStream(context, { request }, requestOptions),
    resumeStream: (streamId, { lastEventId, ...requestOptions } = {}) =>
      createChatStream(context, { streamId, lastEventId }, requestOptions),
    models: (requestOptions) => listModels(context, requestOptions),
    get rateLimit() {
      return context.rateLimit.current;
    },
    subscribeRateLimit: (listener) => context.rateLimit.subscribe(listener),
  };
}
