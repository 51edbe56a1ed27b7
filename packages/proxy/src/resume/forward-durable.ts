// The upstream call of a durable stream: the same call as any other (forward.ts), but upstream is tied
// to the client only until the response headers arrive. After that the client gets a stream id and may
// leave and come back; upstream ends on its own, on stop (DELETE), or when abandoned.
import { forwardUpstream, type UpstreamCall } from '../forward';
import type { UpstreamClient } from '../upstream-client';
import { makeDurable } from './durable-response';
import type { ResumeRuntime } from './options';

export async function forwardDurable(
  call: UpstreamCall,
  clientSignal: AbortSignal,
  client: UpstreamClient,
  runtime: ResumeRuntime,
): Promise<Response> {
  const upstream = new AbortController();
  // Before the headers nobody knows the stream's id, so nobody could resume it: leaving cancels it.
  const onClientGone = () => upstream.abort();
  if (clientSignal.aborted) upstream.abort();
  else clientSignal.addEventListener('abort', onClientGone, { once: true });
  try {
    const response = await forwardUpstream(call, upstream.signal, client);
    return await makeDurable(response, upstream, call.owner ?? null, runtime);
  } finally {
    clientSignal.removeEventListener('abort', onClientGone);
  }
}
