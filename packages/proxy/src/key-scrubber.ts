// Removes a secret from a byte stream without delaying it. Bytes are released the moment they can no
// longer be the start of the secret; only a chunk tail that is a prefix of the secret is held back
// (in practice SSE chunks end in "\n\n", so nothing is ever held). Pure and allocation-free on the
// common path: a chunk without the secret's first byte is returned as is.

/** What the key is replaced with wherever it would appear in a response, log line or error. */
export const REDACTED = '[redacted]';

export interface KeyScrubber {
  /** Returns the bytes of `chunk` (plus any held bytes) that are safe to send now. */
  push(chunk: Uint8Array): Uint8Array;
  /** Returns whatever is still held: the stream ended, so a partial match is not the secret. */
  flush(): Uint8Array;
}

const encoder = new TextEncoder();
const EMPTY = new Uint8Array(0);

export function createKeyScrubber(secret: string): KeyScrubber {
  const needle = encoder.encode(secret);
  const replacement = encoder.encode(REDACTED);
  let held: Uint8Array = EMPTY;

  if (needle.length === 0) return { push: (chunk) => chunk, flush: () => EMPTY };
  const first = needle[0] as number;

  return {
    push(chunk) {
      const data = held.length === 0 ? chunk : join([held, chunk]);
      held = EMPTY;
      if (data.indexOf(first) === -1) return data;

      const pieces: Uint8Array[] = [];
      let start = 0;
      let at = indexOfSecret(data, needle, 0);
      while (at !== -1) {
        pieces.push(data.subarray(start, at), replacement);
        start = at + needle.length;
        at = indexOfSecret(data, needle, start);
      }
      const keep = heldTailLength(data, needle, start);
      held = keep === 0 ? EMPTY : data.slice(data.length - keep);
      const end = data.length - keep;
      if (pieces.length === 0) return start === 0 && end === data.length ? data : data.subarray(start, end);
      pieces.push(data.subarray(start, end));
      return join(pieces);
    },
    flush() {
      const rest = held;
      held = EMPTY;
      return rest;
    },
  };
}

/** Index of the first full occurrence of `needle` in `data` at or after `from`, or -1. */
export function indexOfSecret(data: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0] as number;
  const last = data.length - needle.length;
  let i = data.indexOf(first, from);
  while (i !== -1 && i <= last) {
    let j = 1;
    while (j < needle.length && data[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
    i = data.indexOf(first, i + 1);
  }
  return -1;
}

/** Length of the longest tail of `data` (starting at or after `from`) that is a proper prefix of `needle`. */
export function heldTailLength(data: Uint8Array, needle: Uint8Array, from: number): number {
  const max = Math.min(needle.length - 1, data.length - from);
  for (let k = max; k > 0; k--) {
    const offset = data.length - k;
    if (data[offset] !== needle[0]) continue;
    let j = 1;
    while (j < k && data[offset + j] === needle[j]) j++;
    if (j === k) return k;
  }
  return 0;
}

function join(parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const part of parts) total += part.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Replaces the secret in a whole text (error bodies, header values). */
export function scrubText(text: string, secret: string): string {
  return secret === '' ? text : text.split(secret).join(REDACTED);
}
