// Durable streams, client side: where a stream lives on the proxy, how to stop it, and which replayed
// events are new. The reconnect itself is an attempt of chat-stream.ts like any other.
import type { ClientContext } from './client-context';
import { type AttemptInit, sendAttempt } from './request';

/** A stream id the proxy gave in `X-Stream-Id`; anything else (absent, not URL-safe) is ignored. */
export function readStreamId(headers: Headers): string | null {
  const id = headers.get('x-stream-id');
  return id && /^[\w-]{1,200}$/.test(id) ? id : null;
}

/** The stream's own URL under the client's baseURL: GET resumes it, DELETE stops it. */
export const streamPath = (streamId: string) => `chat/completions/${streamId}`;

/**
 * Whether an event with `id` is past `lastEventId`, so a replay that starts too early never delivers
 * an event twice. Ids that are not numbers cannot be compared and always count as new.
 */
export const isNewEvent = (id: string | undefined, lastEventId: string | null): boolean =>
  !(id && lastEventId && +id <= +lastEventId);

/**
 * Sends `DELETE {baseURL}/chat/completions/{streamId}` so the proxy stops the model, not only our
 * reading. Fire and forget: the stream is already aborted locally, and a stream that is gone is fine.
 */
export function stopStream(context: ClientContext, streamId: string, headers?: HeadersInit): void {
  sendAttempt(context, {
    method: 'DELETE',
    path: streamPath(streamId),
    accept: 'application/json',
    headers,
    signal: new AbortController().signal,
  }).then(
    (response) => response.body?.cancel().catch(() => {}),
    () => {},
  );
}

/**
 * One attempt of a stream: the GET that resumes `streamId` after `lastEventId` (when resuming), else the
 * POST of the request `body`.
 */
export function streamAttempt(
  streamId: string | null,
  lastEventId: string | null,
  body: string | undefined,
  headers: HeadersInit | undefined,
  signal: AbortSignal,
): AttemptInit {
  if (!streamId)
    return { method: 'POST', path: 'chat/completions', body, accept: 'text/event-stream', headers, signal };
  // The caller's headers plus Last-Event-ID, so the proxy replays only what came after it.
  const merged = new Headers(headers);
  if (lastEventId !== null) merged.set('last-event-id', lastEventId);
  return { method: 'GET', path: streamPath(streamId), accept: 'text/event-stream', headers: merged, signal };
}
