// Batches change notifications the way TanStack's notifyManager does, through a swappable scheduler:
// a stream can deliver hundreds of tokens per frame, and re-rendering for each would waste the frame.
import type { NotifyScheduler, Throttle } from './types';

/** The next animation frame where there is one (browsers); a 16 ms timer elsewhere (Node, workers). */
export const frameScheduler: NotifyScheduler = (flush) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => flush());
  else setTimeout(flush, 16);
};

/** The scheduler a `throttle` option stands for; `null` means notify synchronously. */
export function schedulerFor(throttle: Throttle = 'frame'): NotifyScheduler | null {
  if (throttle === 'frame') return frameScheduler;
  if (throttle === false) return null;
  return (flush) => setTimeout(flush, throttle);
}

/** Batches change notifications: at most one flush per scheduler tick. */
export interface Notifier {
  /** Marks a change; `now` flushes at once (terminal states, user actions), else on the next tick. */
  notify(now?: boolean): void;
  /** Changes when flushes happen; `null` flushes synchronously on every change. */
  setScheduler(scheduler: NotifyScheduler | null): void;
}

/** Calls `onFlush` at most once per scheduler tick, however many changes were marked in between. */
export function createNotifier(onFlush: () => void): Notifier {
  let scheduler: NotifyScheduler | null = frameScheduler;
  let dirty = false;
  let scheduled = false;
  const flush = () => {
    if (!dirty) return;
    dirty = false;
    onFlush();
  };
  return {
    notify(now) {
      dirty = true;
      if (now || !scheduler) flush();
      else if (!scheduled) {
        scheduled = true;
        scheduler(() => {
          scheduled = false;
          flush();
        });
      }
    },
    setScheduler(next) {
      scheduler = next;
    },
  };
}
