import { createNotifier, schedulerFor } from '@using-ai/core/chat';
import { describe, expect, it } from 'vitest';

/** A scheduler the test ticks by hand, so batching is checked without timing anything. */
function manualScheduler() {
  const queue: Array<() => void> = [];
  return {
    schedule: (flush: () => void) => {
      queue.push(flush);
    },
    tick() {
      for (const flush of queue.splice(0)) flush();
    },
    get pending() {
      return queue.length;
    },
  };
}

describe('createNotifier', () => {
  it('flushes once per scheduler tick however many changes were marked', () => {
    const ticks = manualScheduler();
    let flushes = 0;
    const notifier = createNotifier(() => {
      flushes += 1;
    });
    notifier.setScheduler(ticks.schedule);
    for (let i = 0; i < 500; i++) notifier.notify();
    expect(flushes).toBe(0);
    expect(ticks.pending).toBe(1);
    ticks.tick();
    expect(flushes).toBe(1);
    notifier.notify();
    ticks.tick();
    expect(flushes).toBe(2);
  });

  it('flushes at once when asked, and the scheduled tick then has nothing left to do', () => {
    const ticks = manualScheduler();
    let flushes = 0;
    const notifier = createNotifier(() => {
      flushes += 1;
    });
    notifier.setScheduler(ticks.schedule);
    notifier.notify();
    notifier.notify(true);
    expect(flushes).toBe(1);
    ticks.tick();
    expect(flushes).toBe(1);
  });

  it('notifies synchronously without a scheduler (throttle: false)', () => {
    let flushes = 0;
    const notifier = createNotifier(() => {
      flushes += 1;
    });
    notifier.setScheduler(schedulerFor(false));
    notifier.notify();
    notifier.notify();
    expect(flushes).toBe(2);
  });

  it('a millisecond throttle batches through a timer', async () => {
    let flushes = 0;
    const notifier = createNotifier(() => {
      flushes += 1;
    });
    notifier.setScheduler(schedulerFor(5));
    notifier.notify();
    notifier.notify();
    expect(flushes).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(flushes).toBe(1);
  });

  it("'frame' falls back to a timer where requestAnimationFrame is missing (Node)", async () => {
    expect(typeof requestAnimationFrame).toBe('undefined');
    let flushes = 0;
    const notifier = createNotifier(() => {
      flushes += 1;
    });
    notifier.setScheduler(schedulerFor('frame'));
    notifier.notify();
    expect(flushes).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(flushes).toBe(1);
  });
});
