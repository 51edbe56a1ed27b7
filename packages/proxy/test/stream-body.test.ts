// streamBody: the one stream every upstream body reaches the client through (forward.ts). Real streams and
// real timers; the upstream is a ReadableStream the test feeds.
import { describe, expect, it } from 'vitest';
import { createPassThroughSteps } from '../src/pass-through';
import { streamBody } from '../src/stream-body';

const enc = new TextEncoder();
const dec = new TextDecoder();
const SECRET = 'sk-test-secret-key';
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An upstream the test feeds by hand, recording how often it was pulled and why it was cancelled. */
function upstream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const seen = { pulls: 0, cancelled: undefined as unknown };
  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      pull() {
        seen.pulls++;
      },
      cancel(reason) {
        seen.cancelled = reason;
      },
    },
    { highWaterMark: 0 },
  );
  return {
    stream,
    seen,
    send: (text: string) => controller.enqueue(enc.encode(text)),
    end: () => controller.close(),
    fail: (error: Error) => controller.error(error),
  };
}

async function readAll(body: ReadableStream<Uint8Array>): Promise<string> {
  const reader = body.getReader();
  let text = '';
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    text += dec.decode(next.value, { stream: true });
  }
  return text;
}

const plain = (idleMs = 60_000, onIdle: (sentAny: boolean) => Uint8Array | null = () => null) =>
  ({ idleMs, onIdle }) as const;

/** The test upstream through streamBody with the plain key scrubber. */
const scrubbed = (up: ReturnType<typeof upstream>, options = plain()) =>
  streamBody(up.stream.getReader(), createPassThroughSteps({ secret: SECRET }), options);

describe('streamBody', () => {
  it('keeps reading when a chunk yields nothing yet (a key split across chunks is held, then scrubbed)', async () => {
    const up = upstream();
    const body = scrubbed(up);
    const text = readAll(body);
    // "sk-te" could be the start of the key: the scrubber holds it and the first pull enqueues nothing.
    up.send('data: a sk-te');
    await wait(5);
    up.send('st-secret-key b\n\n');
    up.send('data: [DONE]\n\n');
    up.end();
    expect(await text).toBe('data: a [redacted] b\n\ndata: [DONE]\n\n');
  });

  it('forwards an event split over many chunks once it ends, leaving out the usage chunk it was asked to', async () => {
    const up = upstream();
    const usages: unknown[] = [];
    const steps = createPassThroughSteps({
      secret: SECRET,
      usage: { kind: 'sse', dropUsageChunk: true, onUsage: (usage) => usages.push(usage) },
    });
    const text = readAll(streamBody(up.stream.getReader(), steps, plain()));
    for (const piece of ['da', 'ta: {"x"', ':1}', '\n', '\n']) {
      up.send(piece);
      await wait(1);
    }
    up.send('data: {"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}\n\n');
    up.send('data: [DONE]\n\n');
    up.end();
    expect(await text).toBe('data: {"x":1}\n\ndata: [DONE]\n\n');
    expect(usages).toEqual([{ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 }]);
  });

  it('ends a silent upstream with the idle tail after what was sent, and cancels upstream', async () => {
    const up = upstream();
    const sent: boolean[] = [];
    const body = streamBody(up.stream.getReader(), createPassThroughSteps({ secret: SECRET }), {
      idleMs: 40,
      onIdle: (sentAny) => {
        sent.push(sentAny);
        return enc.encode('data: {"error":"idle"}\n\n');
      },
    });
    up.send('data: first\n\n');
    expect(await readAll(body)).toBe('data: first\n\ndata: {"error":"idle"}\n\n');
    expect(sent).toEqual([true]);
    expect(up.seen.cancelled).toBeInstanceOf(Error);
  });

  it('cuts the stream (an error, not a clean end) when the idle tail is null', async () => {
    const up = upstream();
    const body = scrubbed(
      up,
      plain(30, () => null),
    );
    up.send('{"partial":');
    const reader = body.getReader();
    expect(dec.decode((await reader.read()).value)).toBe('{"partial":');
    await expect(reader.read()).rejects.toThrow('silent');
    expect(up.seen.cancelled).toBeInstanceOf(Error);
  });

  it('does not idle while chunks keep coming more often than the deadline', async () => {
    const up = upstream();
    // The deadline's timer first fires at 300 ms, mid-stream: it must re-arm, not cut.
    const body = scrubbed(
      up,
      plain(300, () => enc.encode('IDLE')),
    );
    const text = readAll(body);
    for (let i = 0; i < 12; i++) {
      up.send(`${i % 10}`);
      await wait(30);
    }
    up.end();
    expect(await text).toBe('012345678901');
    expect(up.seen.cancelled).toBeUndefined();
  });

  it('errors the client stream with one clear line when upstream breaks mid-body, after what was sent', async () => {
    const up = upstream();
    const reader = scrubbed(up).getReader();
    up.send('data: partial\n\n');
    expect(dec.decode((await reader.read()).value)).toBe('data: partial\n\n');
    up.fail(new Error(`socket hang up near ${SECRET}`));
    const error = await reader.read().then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/upstream stream broke off \(socket hang up/);
    expect(error?.stack).toBe(error?.message);
  });

  it('cancels upstream at once when the client leaves, even while waiting for a chunk', async () => {
    const up = upstream();
    const reader = scrubbed(up).getReader();
    const pending = reader.read();
    await wait(5);
    expect(up.seen.cancelled).toBeUndefined();
    await reader.cancel(new Error('client left'));
    expect((up.seen.cancelled as Error).message).toBe('client left');
    expect((await pending).done).toBe(true);
  });

  it('reads only a few chunks ahead of a client that does not read (back-pressure holds)', async () => {
    let pulls = 0;
    const endless = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulls++;
          controller.enqueue(enc.encode('data: x\n\n'));
        },
      },
      { highWaterMark: 0 },
    );
    const body = streamBody(endless.getReader(), createPassThroughSteps({ secret: SECRET }), plain());
    await wait(50);
    const before = pulls;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThanOrEqual(10);
    await wait(50);
    expect(pulls).toBe(before);
    const reader = body.getReader();
    await reader.read();
    await wait(10);
    expect(pulls).toBe(before + 1);
    await reader.cancel();
  });
});
