// An incremental JSON parser for answers that arrive a few characters at a time. Each character is read
// once (re-parsing the whole text per piece is quadratic: 50 KB in 10-byte pieces is 5,000 parses), and
// the partial value it shows depends only on the text read so far, never on how that text was split.
//
// What a partial value shows, so that it only ever grows and nothing later changes type:
// - objects and arrays appear as soon as they open, and keep every member already complete;
// - a string appears as soon as its quote opens and grows character by character (an escape sequence
//   appears once whole);
// - a number, `true`, `false` or `null` appears only once complete (`12` could still become `123`);
// - an object member appears once its value starts, never with a half-read key.
// Snapshots are immutable with structural sharing: each one copies only the containers still open.

const VALUE = 0; // a value must come (after ':', ',' in an array, or at the start)
const VALUE_OR_CLOSE = 1; // just after '['
const KEY_OR_CLOSE = 2; // just after '{'
const KEY = 3; // after ',' in an object
const COLON = 4;
const AFTER_VALUE = 5; // ',' or a closing bracket
const STRING = 6;
const NUMBER = 7;
const LITERAL = 8;
const DONE = 9; // the root value is complete: only whitespace may follow

const NUMBER_PATTERN = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const LITERALS: Readonly<Record<string, true | false | null>> = { true: true, false: false, null: null };
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

type Container = Record<string, unknown> | unknown[];

interface Frame {
  /** The members complete so far; the one being read lives in the frames above (or the parser state). */
  container: Container;
  isArray: boolean;
  /** The key of the member being read (objects). */
  key: string;
}

/** An incremental JSON reader: push text as it streams, read the partial value at any time. */
export interface PartialJsonParser {
  /** Reads the next piece of text. Throws a SyntaxError (and keeps throwing it) once the text is not JSON. */
  push(text: string): void;
  /** The end of the text: completes a root number. Returns whether the root value is complete. */
  end(): boolean;
  /** The value read so far (see above); `undefined` until something is visible. Same object while unchanged. */
  readonly partial: unknown;
  /** Whether the root value is complete (only whitespace may follow). */
  readonly done: boolean;
}

/** Sets `key` as an own data property, as JSON.parse does: `obj.__proto__ = v` would set the prototype. */
function setMember(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else target[key] = value;
}

const isWhitespace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

/** A new incremental parser for one JSON text. */
export function createPartialJsonParser(): PartialJsonParser {
  let mode = VALUE;
  const stack: Frame[] = [];
  let root: unknown;
  /** The string being read (a key or a value), without its quotes. */
  let text = '';
  let isKey = false;
  /** An escape sequence being read: '' when none, else '\\', '\\u', '\\u0'... */
  let pendingEscape = '';
  /** The number or literal being read. */
  let token = '';
  /** Characters read before the current piece, for error positions. */
  let offset = 0;
  let failure: SyntaxError | undefined;
  let changed = false;
  let snapshot: unknown;

  function fail(at: number, found: string): never {
    failure = new SyntaxError(
      found === ''
        ? 'Unexpected end of JSON'
        : `Unexpected ${JSON.stringify(found)} at position ${offset + at} of the JSON`,
    );
    throw failure;
  }

  /** A complete value: into the open container, or as the root. `visible` when the snapshot changes. */
  function place(value: unknown, visible: boolean) {
    const top = stack[stack.length - 1];
    if (!top) {
      root = value;
      mode = DONE;
    } else {
      if (top.isArray) (top.container as unknown[]).push(value);
      else setMember(top.container as Record<string, unknown>, top.key, value);
      mode = AFTER_VALUE;
    }
    if (visible) changed = true;
  }

  function open(isArray: boolean) {
    stack.push({ container: isArray ? [] : {}, isArray, key: '' });
    mode = isArray ? VALUE_OR_CLOSE : KEY_OR_CLOSE;
    changed = true;
  }

  function close(isArray: boolean, at: number, found: string) {
    const top = stack[stack.length - 1];
    if (!top || top.isArray !== isArray) fail(at, found);
    stack.pop();
    // Already visible while open: closing shows nothing new.
    place(top.container, false);
  }

  function endNumber(at: number) {
    if (!NUMBER_PATTERN.test(token)) fail(at, token);
    place(Number(token), true);
    token = '';
  }

  /** Reads one character outside strings, numbers and literals. */
  function structural(char: string, code: number, at: number) {
    if (isWhitespace(code)) return;
    if (mode === KEY_OR_CLOSE || mode === KEY) {
      if (char === '"') {
        mode = STRING;
        isKey = true;
        text = '';
      } else if (char === '}' && mode === KEY_OR_CLOSE) close(false, at, char);
      else fail(at, char);
    } else if (mode === COLON) {
      if (char !== ':') fail(at, char);
      mode = VALUE;
    } else if (mode === AFTER_VALUE) {
      const top = stack[stack.length - 1] as Frame;
      if (char === ',') mode = top.isArray ? VALUE : KEY;
      else if (char === '}' || char === ']') close(char === ']', at, char);
      else fail(at, char);
    } else if (mode === DONE) fail(at, char);
    else if (char === ']' && mode === VALUE_OR_CLOSE) close(true, at, char);
    else if (char === '{' || char === '[') open(char === '[');
    else if (char === '"') {
      mode = STRING;
      isKey = false;
      text = '';
      changed = true;
    } else if (char === '-' || (code >= 48 && code <= 57)) {
      mode = NUMBER;
      token = char;
    } else if (char === 't' || char === 'f' || char === 'n') {
      mode = LITERAL;
      token = char;
    } else fail(at, char);
  }

  /** Reads string characters from `start`; returns where the string's part of the piece ends. */
  function readString(piece: string, start: number): number {
    let i = start;
    const n = piece.length;
    while (i < n) {
      if (pendingEscape !== '') {
        const char = piece[i] as string;
        if (pendingEscape === '\\') {
          if (char === 'u') pendingEscape = '\\u';
          else {
            const decoded = ESCAPES[char];
            if (decoded === undefined) fail(i, char);
            text += decoded;
            pendingEscape = '';
            if (!isKey) changed = true;
          }
        } else {
          if (!/[0-9a-fA-F]/.test(char)) fail(i, char);
          pendingEscape += char;
          if (pendingEscape.length === 6) {
            text += String.fromCharCode(Number.parseInt(pendingEscape.slice(2), 16));
            pendingEscape = '';
            if (!isKey) changed = true;
          }
        }
        i++;
        continue;
      }
      // The common case: a run of plain characters, appended in one slice.
      let j = i;
      let code = 0;
      while (j < n) {
        code = piece.charCodeAt(j);
        if (code === 34 || code === 92 || code < 32) break;
        j++;
      }
      if (j > i) {
        text += piece.slice(i, j);
        if (!isKey) changed = true;
      }
      if (j === n) return n;
      if (code === 92) {
        pendingEscape = '\\';
        i = j + 1;
      } else if (code === 34) {
        if (isKey) {
          (stack[stack.length - 1] as Frame).key = text;
          mode = COLON;
        } else place(text, false);
        text = '';
        return j + 1;
      } else fail(j, piece[j] as string);
    }
    return i;
  }

  return {
    push(piece) {
      if (failure) throw failure;
      const n = piece.length;
      let i = 0;
      while (i < n) {
        if (mode === STRING) {
          i = readString(piece, i);
          continue;
        }
        const char = piece[i] as string;
        const code = piece.charCodeAt(i);
        if (mode === NUMBER) {
          if (
            (code >= 48 && code <= 57) ||
            char === '.' ||
            char === 'e' ||
            char === 'E' ||
            char === '+' ||
            char === '-'
          ) {
            token += char;
            i++;
            continue;
          }
          endNumber(i);
          // The character that ended the number is read again as structure.
          continue;
        }
        if (mode === LITERAL) {
          token += char;
          const literal = LITERALS[token];
          if (literal !== undefined) {
            token = '';
            place(literal, true);
          } else if (!('true'.startsWith(token) || 'false'.startsWith(token) || 'null'.startsWith(token))) {
            fail(i, char);
          }
          i++;
          continue;
        }
        structural(char, code, i);
        i++;
      }
      offset += n;
    },
    end() {
      if (failure) throw failure;
      if (mode === NUMBER && stack.length === 0) endNumber(0);
      return mode === DONE;
    },
    get done() {
      return mode === DONE;
    },
    get partial() {
      if (!changed) return snapshot;
      changed = false;
      if (mode === DONE) {
        snapshot = root;
        return snapshot;
      }
      // Copy the open containers from the innermost out, adding each one's member in progress.
      let child: unknown = mode === STRING && !isKey ? text : undefined;
      for (let k = stack.length - 1; k >= 0; k--) {
        const frame = stack[k] as Frame;
        if (frame.isArray) {
          const copy = (frame.container as unknown[]).slice();
          if (child !== undefined) copy.push(child);
          child = copy;
        } else {
          // Spread defines own properties, so a "__proto__" member stays a member.
          const copy = { ...(frame.container as Record<string, unknown>) };
          if (child !== undefined) setMember(copy, frame.key, child);
          child = copy;
        }
      }
      snapshot = child;
      return snapshot;
    },
  };
}
