// The transform every upstream body goes through on its way to the client: scrub the key, and, when
// metering, watch for usage. Bytes are forwarded as they arrive; the only exception is `drop-usage`,
// where complete SSE events are forwarded as each one ends (a client cannot act on half an event, so
// it sees no delay) and the usage chunk the proxy asked for on its own account is left out.
import type { Usage } from '@using-ai/core';
import { createKeyScrubber } from './key-scrubber';
import { eventData, isUsage, splitEvents, splitLines, usageFromData } from './sse-usage';

export type UsageWatch =
  /** SSE: forward every byte at once, read usage from a copy. */
  | { kind: 'sse'; dropUsageChunk: false; onUsage: (usage: Usage) => void }
  /** SSE: forward complete events, leaving out the usage-only chunk the client did not ask for. */
  | { kind: 'sse'; dropUsageChunk: true; onUsage: (usage: Usage) => void }
  /** A JSON completion: forward every byte at once, parse a copy at the end. */
  | { kind: 'json'; onUsage: (usage: Usage) => void };

export interface PassThroughOptions {
  secret: string;
  usage?: UsageWatch;
}

// A non-streaming completion is small; a copy larger than this is not worth parsing for usage.
const MAX_JSON_COPY = 8 * 1024 * 1024;

/**
 * A transform as two plain functions (the shape of a TransformStream's `Transformer`); stream-body.ts
 * runs them inside the one ReadableStream the client reads.
 */
export interface ChunkTransform {
  transform(chunk: Uint8Array, controller: Enqueue): void;
  flush(controller: Enqueue): void;
}

export interface Enqueue {
  enqueue(chunk: Uint8Array): void;
}

export function createPassThroughSteps(options: PassThroughOptions): ChunkTransform {
  const scrubber = createKeyScrubber(options.secret);
  const watch = options.usage;
  if (watch === undefined) {
    return {
      transform(chunk, controller) {
        const out = scrubber.push(chunk);
        if (out.length > 0) controller.enqueue(out);
      },
      flush(controller) {
        const out = scrubber.flush();
        if (out.length > 0) controller.enqueue(out);
      },
    };
  }

  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let text = '';
  let reported = false;
  const report = (usage: Usage) => {
    if (reported) return;
    reported = true;
    watch.onUsage(usage);
  };

  const handle = (bytes: Uint8Array, controller: Enqueue, end: boolean) => {
    if (watch.kind === 'json') {
      if (bytes.length > 0) controller.enqueue(bytes);
      if (text.length < MAX_JSON_COPY) text += decoder.decode(bytes, { stream: !end });
      const usage = end ? usageFromJson(text) : null;
      if (usage) report(usage);
      return;
    }
    if (!watch.dropUsageChunk) {
      if (bytes.length > 0) controller.enqueue(bytes);
      if (reported) return;
      const { lines, rest } = splitLines(text + decoder.decode(bytes, { stream: !end }));
      text = end ? '' : rest;
      for (const line of end && rest !== '' ? [...lines, rest] : lines) {
        const found = line.startsWith('data:') ? usageFromData(line.slice(5).trim()) : null;
        if (found) report(found.usage);
      }
      return;
    }
    const { events, rest } = splitEvents(text + decoder.decode(bytes, { stream: !end }));
    text = rest;
    for (const event of events) {
      const data = eventData(event);
      const found = data === null ? null : usageFromData(data);
      if (found) report(found.usage);
      if (!found?.usageOnly) controller.enqueue(encoder.encode(event));
    }
    if (end && text !== '') controller.enqueue(encoder.encode(text));
  };

  return {
    transform(chunk, controller) {
      handle(scrubber.push(chunk), controller, false);
    },
    flush(controller) {
      handle(scrubber.flush(), controller, true);
    },
  };
}

function usageFromJson(text: string): Usage | null {
  try {
    const parsed: unknown = JSON.parse(text);
    const usage = (parsed as { usage?: unknown } | null)?.usage;
    return isUsage(usage) ? usage : null;
  } catch {
    return null;
  }
}
