/** The longest delay timers hold; browsers and Node fire longer ones after about 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Resolves after `ms` (at most MAX_TIMER_MS, about 24.8 days); rejects with the signal's reason on abort. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, Math.min(ms, MAX_TIMER_MS));
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      if (signal.aborted) reject(signal.reason);
      else resolve();
    }
    if (signal.aborted) done();
    signal.addEventListener('abort', done);
  });
}
