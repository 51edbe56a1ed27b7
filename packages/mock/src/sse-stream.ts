// Turns a stream script into a paced byte stream. It produces on demand (pull), so a slow reader slows
// generation, and every timer is tied to one AbortSignal: client gone, stream cancelled or server closing.
import { sleep, untilAborted } from './delay';
import type { MockConfig } from './options';
import type { Pace, StreamStep } from './stream-steps';

const KEEP_ALIVE = ': keep-alive\n\n';

export type SseEnd = 'done' | 'cancelled' | 'failed';

export interface SseStreamInput {
  steps: readonly StreamStep[];
  /** Read at every step, so pacing changed at runtime applies to streams already running. */
  config: () => MockConfig;
  /** Aborts when the client disconnects or the server closes. */
  signal: AbortSignal;
  /**
   * Called exactly once when the stream ends: `done` (every step sent), `cancelled` (the reader cancelled
   * the body: the client went away) or `failed` (dropped, or aborted through `signal`).
   */
  onEnd: (result: SseEnd) => void;
}

function delayOf(pace: Pace, config: MockConfig): number {
  if (pace === 'ttft') return config.ttftMs;
  if (pace === 'token') return config.tokensPerSecond > 0 ? 1000 / config.tokensPerSecond : 0;
  return 0;
}

export function sseStream({ steps, config, signal, onEnd }: SseStreamInput): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const stop = new AbortController();
  const abort = () => stop.abort();
  signal.addEventListener('abort', abort, { once: true });
  let ended = false;
  const end = (result: SseEnd) => {
    if (ended) return;
    ended = true;
    signal.removeEventListener('abort', abort);
    stop.abort();
    onEnd(result);
  };
  let index = 0;

  /** Waits `ms`, sending keep-alive comments through long waits; false when aborted. */
  async function wait(ms: number, controller: ReadableStreamDefaultController<Uint8Array>): Promise<boolean> {
    let left = ms;
    for (;;) {
      const interval = config().keepAliveMs;
      if (left <= interval) return sleep(left, stop.signal);
      if (!(await sleep(interval, stop.signal))) return false;
      controller.enqueue(encoder.encode(KEEP_ALIVE));
      left -= interval;
    }
  }

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const step = steps[index++];
        if (!step) {
          end('done');
          controller.close();
          return;
        }
        if (step.kind === 'stall') {
          await untilAborted(stop.signal);
        } else if (step.kind === 'data' && (await wait(delayOf(step.pace, config()), controller))) {
          controller.enqueue(encoder.encode(step.text));
          return;
        }
        // Dropped, stalled-then-aborted or aborted mid-wait: the response does not end cleanly.
        const reason = step.kind === 'drop' ? 'drop_mid_stream fault' : 'stream aborted';
        end('failed');
        controller.error(new Error(`using-ai mock: ${reason}`));
      },
      cancel() {
        end('cancelled');
      },
    },
    { highWaterMark: 0 },
  );
}
