import type { Usage } from '@using-ai/core';
import { describe, expect, it } from 'vitest';
import { createPassThroughSteps, type PassThroughOptions } from '../src/pass-through';
import { eventData, splitEvents, splitLines, usageFromData } from '../src/sse-usage';
import { streamBody } from '../src/stream-body';
import { chunk, USAGE, usageChunk } from './support/upstream';

async function pipe(parts: string[], options: PassThroughOptions): Promise<string> {
  const enc = new TextEncoder();
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(enc.encode(part));
      controller.close();
    },
  });
  const body = streamBody(source.getReader(), createPassThroughSteps(options), {
    idleMs: 60_000,
    onIdle: () => null,
  });
  return new Response(body).text();
}

describe('sse-usage', () => {
  it('usageFromData reads the usage chunk and says whether it is usage-only', () => {
    expect(usageFromData(usageChunk().slice(6).trim())).toEqual({ usage: USAGE, usageOnly: true });
    expect(usageFromData(chunk('x', { usage: USAGE }).slice(6).trim())).toEqual({
      usage: USAGE,
      usageOnly: false,
    });
    expect(usageFromData(chunk('x', { usage: null }).slice(6).trim())).toBeNull();
    expect(usageFromData('[DONE]')).toBeNull();
    expect(usageFromData('{"usage":{"broken"')).toBeNull();
  });

  it('splitEvents and eventData handle LF and CRLF', () => {
    expect(splitEvents('data: a\n\ndata: b\r\n\r\ndata: c')).toEqual({
      events: ['data: a\n\n', 'data: b\r\n\r\n'],
      rest: 'data: c',
    });
    expect(eventData('event: x\ndata: 1\ndata:2\n\n')).toBe('1\n2');
    expect(eventData(': comment\n\n')).toBeNull();
    expect(splitLines('a\nb\r\nc')).toEqual({ lines: ['a', 'b'], rest: 'c' });
  });
});

describe('the pass-through steps in streamBody', () => {
  const stream = [chunk('Hel'), chunk('lo'), usageChunk(), 'data: [DONE]\n\n'];
  const text = stream.join('');
  const splits = (s: string, size: number) =>
    Array.from({ length: Math.ceil(s.length / size) }, (_, i) => s.slice(i * size, (i + 1) * size));

  it('without metering forwards the bytes unchanged, whatever the chunking', async () => {
    for (const size of [1, 7, 64, text.length])
      expect(await pipe(splits(text, size), { secret: 'sk-x' })).toBe(text);
  });

  it('observe mode forwards everything and reports usage once', async () => {
    for (const size of [1, 5, 33, text.length]) {
      const seen: Usage[] = [];
      const out = await pipe(splits(text, size), {
        secret: 'sk-x',
        usage: { kind: 'sse', dropUsageChunk: false, onUsage: (u) => seen.push(u) },
      });
      expect(out).toBe(text);
      expect(seen).toEqual([USAGE]);
    }
  });

  it('drop mode leaves out only the usage-only chunk and still reports it', async () => {
    for (const size of [1, 5, 33, text.length]) {
      const seen: Usage[] = [];
      const out = await pipe(splits(text, size), {
        secret: 'sk-x',
        usage: { kind: 'sse', dropUsageChunk: true, onUsage: (u) => seen.push(u) },
      });
      expect(out).toBe(stream[0]! + stream[1]! + stream[3]!);
      expect(seen).toEqual([USAGE]);
    }
  });

  it('json mode reads usage from a completion body', async () => {
    const body = JSON.stringify({ id: 'x', object: 'chat.completion', choices: [], usage: USAGE });
    const seen: Usage[] = [];
    expect(
      await pipe(splits(body, 9), { secret: 'sk-x', usage: { kind: 'json', onUsage: (u) => seen.push(u) } }),
    ).toBe(body);
    expect(seen).toEqual([USAGE]);
  });

  it('scrubs the key in every mode', async () => {
    const leaky = [chunk('the key is sk-secret-1'), usageChunk(), 'data: [DONE]\n\n'].join('');
    for (const usage of [
      undefined,
      { kind: 'sse' as const, dropUsageChunk: true as const, onUsage: () => {} },
    ]) {
      const out = await pipe(splits(leaky, 3), { secret: 'sk-secret-1', usage });
      expect(out).not.toContain('sk-secret-1');
      expect(out).toContain('[redacted]');
    }
  });
});
