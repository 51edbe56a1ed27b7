// The two routes of a durable stream: GET {base}/chat/completions/{streamId} replays the events after
// Last-Event-ID and follows the live ones to the end; DELETE stops the stream. Unknown, expired and other
// clients' streams are all the same 404, so an id's existence leaks to nobody but its owner.
import { errorResponse } from '../error-response';
import { normalizeBasePath } from '../route';
import type { ResumeStore } from './store';
import { isStreamId } from './stream-id';

const PATH = /\/chat\/completions\/([^/]+)$/;

/** The stream id `pathname` names (`{base}/chat/completions/{id}`), or `null`. */
export function matchStreamRoute(pathname: string, basePath?: string): string | null {
  const match = PATH.exec(pathname);
  if (!match) return null;
  if (basePath !== undefined && pathname !== `${normalizeBasePath(basePath)}/chat/completions/${match[1]}`) {
    return null;
  }
  return match[1] as string;
}

const notFound = () =>
  errorResponse(404, 'not_found', 'No such stream: it is unknown, expired or not yours.');

/** Whether `clientId` may read or stop the stream: its owner, or anyone when no client was named. */
async function visible(store: ResumeStore, streamId: string, clientId: string | null): Promise<boolean> {
  if (!isStreamId(streamId)) return false;
  const info = await store.info(streamId);
  return info !== null && (info.owner === null || info.owner === clientId);
}

/** Answers GET (replay + follow) or DELETE (stop) for `streamId`; other methods get 405. */
export async function streamRouteResponse(
  request: Request,
  streamId: string,
  clientId: string | null,
  store: ResumeStore,
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'DELETE') {
    return errorResponse(405, 'method_not_allowed', 'Use GET to resume this stream or DELETE to stop it.', {
      allow: 'GET, DELETE',
    });
  }
  if (!(await visible(store, streamId, clientId))) return notFound();
  if (request.method === 'DELETE') {
    return (await store.stop(streamId)) ? new Response(null, { status: 204 }) : notFound();
  }
  const lastEventId = request.headers.get('last-event-id')?.trim() ?? '';
  if (lastEventId !== '' && !/^\d{1,15}$/.test(lastEventId)) {
    return errorResponse(400, 'invalid_request_error', 'Last-Event-ID must be an event id this proxy sent.');
  }
  return new Response(replay(store, streamId, Number(lastEventId)), {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
      'x-stream-id': streamId,
    },
  });
}

/** The stored events after `after`, then the live ones, as bytes; the reader counts as attached meanwhile. */
function replay(store: ResumeStore, streamId: string, after: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const stop = new AbortController();
  const detach = store.attach(streamId);
  const events = store.read(streamId, after, stop.signal)[Symbol.asyncIterator]();
  const end = () => {
    stop.abort();
    detach();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await events.next();
        if (done) {
          end();
          controller.close();
        } else controller.enqueue(encoder.encode(value));
      } catch (error) {
        end();
        controller.error(error);
      }
    },
    cancel() {
      end();
      events.return?.();
    },
  });
}
