// The chunks a ChatStream has delivered, kept for iterators that attach late, in little more memory than
// the text itself: almost every chunk of a stream is the previous one with another text delta, and that
// delta is already inside the accumulated message. A run of such chunks is stored once (its first chunk,
// its field and where its text starts in the message) plus one byte per chunk, the length of its delta;
// any other chunk (tool calls, finish, usage) is kept as is. Replay rebuilds equal objects.
import type { AssistantMessage } from './client-types';
import type { ChatCompletionChunk } from './types';

type Fields = Record<string, unknown>;

/** Chunks that differ only in the text of their delta's single key. */
interface Template {
  /** The first chunk: every other field of the run equals this one's. */
  chunk: ChatCompletionChunk;
  /** The delta's key (`content`, `reasoning_content` or `reasoning`) and where it accumulates. */
  key: string;
  field: 'content' | 'reasoning';
}

/** Consecutive chunks of one template whose texts follow each other in the message. */
interface Run {
  from: number;
  /** One past the run's last chunk. */
  to: number;
  template: Template;
  /** Where chunk `from`'s text starts in the message field, and where the run's text ends. */
  start: number;
  end: number;
}

export interface ChunkLog {
  readonly length: number;
  /** Records `chunk`; `before` and `after` are the accumulated message around it. */
  push(chunk: ChatCompletionChunk, before: AssistantMessage, after: AssistantMessage): void;
  /** Chunk `index`, rebuilt against `message` (the current accumulation, which only ever grows). */
  get(index: number, message: AssistantMessage): ChatCompletionChunk;
  /** The stream is over: the newest chunks need not be kept as objects any more. */
  end(): void;
}

/** The only choice of `chunk` and its delta's only key, when that key holds text (no key array per chunk). */
function textDelta(chunk: ChatCompletionChunk): [Fields, string] | undefined {
  const choice = chunk.choices?.length === 1 ? (chunk.choices[0] as unknown as Fields) : undefined;
  const delta = choice?.delta as Fields | undefined;
  if (!choice || !delta) return undefined;
  let only: string | undefined;
  for (const key in delta) {
    if (only !== undefined) return undefined;
    only = key;
  }
  if (only !== undefined && typeof delta[only] === 'string') return [choice, only];
}

/** Whether `a` and `b` have the same keys with identical values, except `skip`. Allocates nothing. */
function sameFields(a: Fields, b: Fields, skip: string): boolean {
  let count = 0;
  for (const key in a) {
    if (key !== skip && a[key] !== b[key]) return false;
    count++;
  }
  for (const _ in b) count--;
  return !count;
}

/** The template `chunk` continues, a new one it starts, or `undefined` when it is not a text chunk. */
function nextTemplate(chunk: ChatCompletionChunk, template: Template | undefined): Template | undefined {
  const found = textDelta(chunk);
  if (!found) return undefined;
  const [choice, key] = found;
  if (
    template &&
    key === template.key &&
    sameFields(chunk as unknown as Fields, template.chunk as unknown as Fields, 'choices') &&
    sameFields(choice, template.chunk.choices[0] as unknown as Fields, 'delta')
  )
    return template;
  const field =
    key === 'content' ? key : key === 'reasoning_content' || key === 'reasoning' ? 'reasoning' : '';
  return field ? { chunk, key, field } : undefined;
}

/** Up to this many newest chunks are also kept as objects while the stream runs: live iterators read them without a rebuild. */
const RECENT = 64;
/** A delta length of this or more is kept outside the byte array. */
const LONG = 255;
/** Every this many chunks the running total of lengths is kept, so a replay sums at most this many bytes. */
const STEP = 64;

export function createChunkLog(): ChunkLog {
  let count = 0;
  // Per chunk, the UTF-16 length of its delta text (0 for a chunk kept as is).
  let lengths = new Uint8Array(256);
  const long = new Map<number, number>();
  // checkpoints[k]: the sum of the lengths of chunks 0 .. k * STEP - 1.
  const checkpoints: number[] = [];
  let total = 0;
  const runs: Run[] = [];
  const kept = new Map<number, ChatCompletionChunk>();
  let recent: ChatCompletionChunk[] | null = [];
  let template: Template | undefined;

  const lengthOf = (index: number) => {
    const byte = lengths[index] as number;
    return byte === LONG ? (long.get(index) as number) : byte;
  };
  /** The sum of the lengths of chunks `from` .. `to - 1`. */
  const sum = (from: number, to: number) => {
    let result = 0;
    let at = from;
    if (to - from > STEP) {
      const k = Math.floor(to / STEP);
      result = (checkpoints[k] as number) - prefixTo(from);
      at = k * STEP;
    }
    for (; at < to; at++) result += lengthOf(at);
    return result;
  };
  const prefixTo = (index: number) => {
    const k = Math.floor(index / STEP);
    let result = checkpoints[k] as number;
    for (let at = k * STEP; at < index; at++) result += lengthOf(at);
    return result;
  };
  /** The run holding chunk `index`: the last one starting at or before it. */
  const runAt = (index: number) => {
    let low = 0;
    let high = runs.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((runs[mid] as Run).from <= index) low = mid;
      else high = mid - 1;
    }
    return runs[low] as Run;
  };

  return {
    get length() {
      return count;
    },
    push(chunk, before, after) {
      template = nextTemplate(chunk, template);
      if (count % STEP === 0) checkpoints.push(total);
      if (count === lengths.length) {
        const grown = new Uint8Array(count * 2);
        grown.set(lengths);
        lengths = grown;
      }
      // Only a delta that is exactly the text appended to the message can be cut back out of it.
      const field = template?.field;
      const delta = (chunk.choices?.[0] as unknown as Fields | undefined)?.delta as Fields | undefined;
      const text = template && delta?.[template.key];
      const added = field ? after[field].length - before[field].length : -1;
      if (field && typeof text === 'string' && added === text.length) {
        let run = runs[runs.length - 1];
        if (!run || run.to !== count || run.template !== template || run.end !== before[field].length) {
          const start = before[field].length;
          run = { from: count, to: count, template: template as Template, start, end: start };
          runs.push(run);
        }
        run.to = count + 1;
        run.end = after[field].length;
        lengths[count] = Math.min(added, LONG);
        if (added >= LONG) long.set(count, added);
        total += added;
      } else kept.set(count, chunk);
      if (recent) recent[count % RECENT] = chunk;
      count++;
    },
    get(index, message) {
      if (recent && index >= count - RECENT) return recent[index % RECENT] as ChatCompletionChunk;
      const whole = kept.get(index);
      if (whole) return whole;
      const run = runAt(index);
      const start = run.start + sum(run.from, index);
      const { chunk, key, field } = run.template;
      const text = message[field].slice(start, start + lengthOf(index));
      return { ...chunk, choices: [{ ...chunk.choices[0], delta: { [key]: text } }] } as ChatCompletionChunk;
    },
    end() {
      recent = null;
    },
  };
}
