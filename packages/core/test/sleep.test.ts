import { describe, expect, it } from 'vitest';
import { linkAbort } from '../src/link-abort';
import { sleep } from '../src/sleep';

describe('sleep', () => {
  it('resolves after the delay', async () => {
    await expect(sleep(1, new AbortController().signal)).resolves.toBeUndefined();
  });

  it('rejects with the abort reason when aborted while waiting', async () => {
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });

  it('rejects at once when the signal is already aborted', async () => {
    await expect(sleep(60_000, AbortSignal.abort('gone'))).rejects.toBe('gone');
  });
});

describe('linkAbort', () => {
  it('forwards the abort and its reason, until unlinked', () => {
    const source = new AbortController();
    const target = new AbortController();
    linkAbort(source.signal, target);
    source.abort('why');
    expect(target.signal.reason).toBe('why');

    const other = new AbortController();
    const quiet = new AbortController();
    linkAbort(other.signal, quiet)();
    other.abort();
    expect(quiet.signal.aborted).toBe(false);

    const already = new AbortController();
    linkAbort(AbortSignal.abort('early'), already);
    expect(already.signal.reason).toBe('early');
  });
});
