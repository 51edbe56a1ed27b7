// Numbers the events of an SSE body for durable streams: every event gets an `id: n` line in front,
// n = 1, 2, 3… ([DONE] included), so a client can say where it stopped (Last-Event-ID). Nothing else in
// the bytes changes. Complete events leave as each one ends (an SSE client cannot act on half an event);
// blocks of comments only (keep-alives) pass through without an id and are not recorded.

/** Called with each numbered event, exactly as forwarded (its `id:` line and blank line included). */
export type OnNumberedEvent = (id: number, event: string) => void;

export interface EventIdStreamOptions {
  /** The id of the first event minus one. Default 0. */
  startAfter?: number;
  onEvent?: OnNumberedEvent;
}

// Only a block that starts with a comment can be all comments: the split runs for keep-alives, not events.
const isCommentOnly = (block: string) =>
  block.charCodeAt(0) === 58 &&
  block.split(/\r\n|\r|\n/).every((line) => line === '' || line.startsWith(':'));

/**
 * Finds the end of the first event in `text` from `from`: the index just past its blank line, or -1.
 * An event ends at an empty line; a lone `\r` at the very end may still be the start of `\r\n`.
 */
function eventEnd(text: string, from: number): number {
  let lineStart = from;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    // A CR at the end of what we have: wait for the next byte to know whether an LF follows.
    if (c === 13 && i === text.length - 1) return -1;
    const next = c === 13 && text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
    if (i === lineStart) return next;
    lineStart = next;
    i = next - 1;
  }
  return -1;
}

/** A TransformStream that adds `id: n` to every SSE event passing through (see the file comment). */
export function createEventIdStream(
  options: EventIdStreamOptions = {},
): TransformStream<Uint8Array, Uint8Array> {
  // ignoreBOM: a BOM is part of the bytes we promise not to change.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const encoder = new TextEncoder();
  let id = options.startAfter ?? 0;
  let buffer = '';

  /** The block as forwarded: numbered and recorded, unless it holds comments only. */
  function numbered(block: string): string {
    if (isCommentOnly(block)) return block;
    id++;
    const event = `id: ${id}\n${block}`;
    options.onEvent?.(id, event);
    return event;
  }

  return new TransformStream({
    transform(chunk, controller) {
      buffer += decoder.decode(chunk, { stream: true });
      // Everything one network chunk completes leaves as one chunk.
      let out = '';
      let start = 0;
      // Blank lines between events (or before the first) belong to no event: pass them through as they are.
      for (;;) {
        let skip = start;
        while (skip < buffer.length && (buffer[skip] === '\n' || buffer[skip] === '\r')) {
          if (buffer[skip] === '\r' && skip === buffer.length - 1) break;
          skip++;
        }
        out += buffer.slice(start, skip);
        start = skip;
        const end = eventEnd(buffer, start);
        if (end < 0) break;
        out += numbered(buffer.slice(start, end));
        start = end;
      }
      buffer = buffer.slice(start);
      if (out) controller.enqueue(encoder.encode(out));
    },
    flush(controller) {
      buffer += decoder.decode();
      // An event without its blank line at the end of the body is still an event to a client.
      if (buffer) controller.enqueue(encoder.encode(numbered(buffer)));
    },
  });
}
