import { describe, expect, it } from 'vitest';
import { createKeyScrubber, heldTailLength, REDACTED, scrubText } from '../src/key-scrubber';

const KEY = 'sk-test-supermaxes';
const enc = new TextEncoder();
const dec = new TextDecoder();

function run(parts: string[], key = KEY): string {
  const scrubber = createKeyScrubber(key);
  let out = '';
  for (const part of parts) out += dec.decode(scrubber.push(enc.encode(part)), { stream: true });
  return out + dec.decode(scrubber.flush());
}

describe('createKeyScrubber', () => {
  it('passes chunks without the key through untouched (same object)', () => {
    const scrubber = createKeyScrubber(KEY);
    const chunk = enc.encode('data: {"content":"hello"}\n\n');
    expect(scrubber.push(chunk)).toBe(chunk);
  });

  it('replaces every occurrence in one chunk', () => {
    expect(run([`a${KEY}b${KEY}c`])).toBe(`a${REDACTED}b${REDACTED}c`);
  });

  it('finds the key however the text is split into chunks (every split point, every pair)', () => {
    const text = `xx ${KEY} yy sk- ${KEY}${KEY} s`;
    const expected = text.split(KEY).join(REDACTED);
    for (let i = 0; i <= text.length; i++) {
      for (let j = i; j <= text.length; j += 3) {
        const out = run([text.slice(0, i), text.slice(i, j), text.slice(j)]);
        expect(out).toBe(expected);
        expect(out).not.toContain(KEY);
      }
    }
  });

  it('splits into single bytes', () => {
    const text = `data: "${KEY}"\n\n`;
    expect(run([...text])).toBe(`data: "${REDACTED}"\n\n`);
  });

  it('holds back only a tail that could start the key, and releases it at the end', () => {
    const scrubber = createKeyScrubber(KEY);
    expect(dec.decode(scrubber.push(enc.encode('abc sk-te')))).toBe('abc ');
    expect(dec.decode(scrubber.push(enc.encode('a time')))).toBe('sk-tea time');
    expect(dec.decode(scrubber.push(enc.encode('end sk')))).toBe('end ');
    expect(dec.decode(scrubber.flush())).toBe('sk');
  });

  it('is the identity for an empty secret', () => {
    expect(run(['abc'], '')).toBe('abc');
  });

  it('heldTailLength finds the longest proper prefix at the end', () => {
    const needle = enc.encode('abcab');
    expect(heldTailLength(enc.encode('xxabca'), needle, 0)).toBe(4);
    expect(heldTailLength(enc.encode('xxab'), needle, 0)).toBe(2);
    expect(heldTailLength(enc.encode('xxq'), needle, 0)).toBe(0);
  });

  it('scrubText replaces in whole strings', () => {
    expect(scrubText(`{"message":"bad key ${KEY}"}`, KEY)).toBe(`{"message":"bad key ${REDACTED}"}`);
  });
});
