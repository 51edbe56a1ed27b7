import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPartialJsonParser } from '../../src/object/partial-json';
import { grows } from './grows';

/** The partial value of `text` read in one piece. */
function partialOf(text: string): unknown {
  const parser = createPartialJsonParser();
  parser.push(text);
  return parser.partial;
}

/** Cuts `text` at the given (sorted, deduplicated) positions. */
function split(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let last = 0;
  for (const p of points) {
    pieces.push(text.slice(last, p));
    last = p;
  }
  pieces.push(text.slice(last));
  return pieces;
}

const jsonText = fc
  .tuple(fc.jsonValue(), fc.constantFrom(undefined, 0, 2, '\t'))
  .map(([value, indent]) => JSON.stringify(value, null, indent));

describe('createPartialJsonParser', () => {
  it('ends with what JSON.parse gives, for any JSON and any split', () => {
    fc.assert(
      fc.property(jsonText, fc.array(fc.nat(), { maxLength: 30 }), (text, cuts) => {
        const parser = createPartialJsonParser();
        for (const piece of split(text, cuts)) parser.push(piece);
        expect(parser.end()).toBe(true);
        expect(parser.partial).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('shows after each piece exactly what the same prefix shows read at once (the split does not matter)', () => {
    fc.assert(
      fc.property(jsonText, fc.array(fc.nat(), { maxLength: 30 }), (text, cuts) => {
        const parser = createPartialJsonParser();
        let read = '';
        for (const piece of split(text, cuts)) {
          parser.push(piece);
          read += piece;
          expect(parser.partial).toEqual(partialOf(read));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('only grows, character by character: no value ever changes type or shrinks', () => {
    fc.assert(
      fc.property(jsonText, (text) => {
        const parser = createPartialJsonParser();
        let previous: unknown;
        for (const char of text) {
          parser.push(char);
          const next = parser.partial;
          expect(grows(previous, next), `${JSON.stringify(previous)} -> ${JSON.stringify(next)}`).toBe(true);
          previous = next;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the same snapshot object while nothing visible changes, and never mutates one it gave out', () => {
    const parser = createPartialJsonParser();
    parser.push('{"a": [1, {"b": "x');
    const first = parser.partial;
    const frozen = JSON.stringify(first);
    parser.push('y"');
    const second = parser.partial;
    parser.push('}  , 2');
    expect(parser.partial).toBe(second);
    expect(parser.partial).toEqual({ a: [1, { b: 'xy' }] });
    parser.push(']}');
    expect(parser.partial).toEqual({ a: [1, { b: 'xy' }, 2] });
    expect(JSON.stringify(first)).toBe(frozen);
  });

  it('holds back numbers, literals, keys and escapes until they are whole', () => {
    expect(partialOf('{"n": 12')).toEqual({});
    expect(partialOf('{"n": 12,')).toEqual({ n: 12 });
    expect(partialOf('[tru')).toEqual([]);
    expect(partialOf('[true')).toEqual([true]);
    expect(partialOf('{"ke')).toEqual({});
    expect(partialOf('{"key": "a\\u00')).toEqual({ key: 'a' });
    expect(partialOf('{"key": "a\\u00e9')).toEqual({ key: 'aé' });
    expect(partialOf('{"key": "')).toEqual({ key: '' });
  });

  it('completes a root number only at the end of the text', () => {
    const parser = createPartialJsonParser();
    parser.push('-12.5e3');
    expect(parser.partial).toBeUndefined();
    expect(parser.end()).toBe(true);
    expect(parser.partial).toBe(-12500);
  });

  it('says an unclosed value is not complete', () => {
    const parser = createPartialJsonParser();
    parser.push('{"a": [1, 2');
    expect(parser.end()).toBe(false);
    expect(parser.partial).toEqual({ a: [1] });
  });

  it('keeps "__proto__" as a member, like JSON.parse', () => {
    const value = partialOf('{"__proto__": {"x": 1}, "y": 2}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(value).toEqual(JSON.parse('{"__proto__": {"x": 1}, "y": 2}'));
  });

  it('accepts exactly what JSON.parse accepts', () => {
    const nearJson = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'{}[]":,.-+eE0123456789 tfnrulase\\u\n'.split('')) }),
      jsonText.chain((text) =>
        fc
          .tuple(fc.nat(text.length), fc.string({ maxLength: 2 }))
          .map(([at, insert]) => text.slice(0, at) + insert + text.slice(at + 1)),
      ),
    );
    fc.assert(
      fc.property(nearJson, (text) => {
        let expected = true;
        try {
          JSON.parse(text);
        } catch {
          expected = false;
        }
        let actual = true;
        try {
          const parser = createPartialJsonParser();
          parser.push(text);
          actual = parser.end();
        } catch (error) {
          expect(error).toBeInstanceOf(SyntaxError);
          actual = false;
        }
        expect(actual, text).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps failing once the text is not JSON, naming the position', () => {
    const parser = createPartialJsonParser();
    parser.push('{"a": 1');
    expect(() => parser.push('}x')).toThrow('Unexpected "x" at position 8 of the JSON');
    expect(() => parser.push('')).toThrow(SyntaxError);
  });
});
