// The chunks a ChatStream has delivered, kept for iterators that attach late, in little more memory than
// the text itself: almost every chunk of a stream is the previous one with another text delta, and that
// delta is already inside the accumulated message. A run of such chunks is stored once (its first chunk,
// its field and where its text starts in the message) plus two bytes per chunk, the length of its delta;
// any other chunk (tool calls, finish, usage) is kept as is. Replay rebuilds equal objects, in order at
// one step a chunk (a read out of order sums the lengths from its run's start).
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
  template: Template;
  /** Where chunk `from`'s text starts in the message field. */
  start: number;
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

/** While the stream runs, this many newest chunks are also kept as objects: live iterators read them without a rebuild. */
const RECENT = 64;
/** Deltas longer than this (in UTF-16 units) are kept as whole chunks. */
const MAX = 0xffff;

export function createChunkLog(): ChunkLog {
  let count = 0;
  // Per chunk, the UTF-16 length of its delta text (0 for a chunk kept as is).
  let lengths = new Uint16Array(256);
  const runs: Run[] = [];
  /** The run the next chunk may extend, and where that run's text ends. */
  let open: Run | undefined;
  let openEnd = 0;
  const kept = new Map<number, ChatCompletionChunk>();
  let recent: ChatCompletionChunk[] | null = [];
  let template: Template | undefined;
  // The last chunk rebuilt and where its text starts: an iterator reads in order, so the next one is a step away.
  let last = -1;
  let lastStart = 0;

  return {
    get length() {
      return count;
    },
    push(chunk, before, after) {
      template = nextTemplate(chunk, template);
      if (count === lengths.length) {
        const grown = new Uint16Array(count * 2);
        grown.set(lengths);
        lengths = grown;
      }
      // Only a delta that is exactly the text appended to the message can be cut back out of it.
      const field = template?.field;
      const delta = (chunk.choices?.[0] as unknown as Fields | undefined)?.delta as Fields | undefined;
      const text = template && delta?.[template.key];
      const added = field ? after[field].length - before[field].length : -1;
      if (field && typeof text === 'string' && added === text.length && added <= MAX) {
        if (open?.template !== template || openEnd !== before[field].length) {
          open = { from: count, template: template as Template, start: before[field].length };
          runs.push(open);
        }
        openEnd = after[field].length;
        lengths[count] = added;
      } else {
        kept.set(count, chunk);
        open = undefined;
      }
      if (recent) recent[count % RECENT] = chunk;
      count++;
    },
    get(index, message) {
      if (recent && index >= count - RECENT) return recent[index % RECENT] as ChatCompletionChunk;
      const whole = kept.get(index);
      if (whole) return whole;
      // Runs are in order and few: the last one starting at or before `index`.
      let r = runs.length - 1;
      while ((runs[r] as Run).from > index) r--;
      const run = runs[r] as Run;
      // From the previous rebuild when it is in the same run and before this one, else from the run's start.
      let at = last >= run.from && last < index ? last : run.from;
      let start = at === last ? lastStart : run.start;
      for (; at < index; at++) start += lengths[at] as number;
      last = index;
      lastStart = start;
      const { chunk, key, field } = run.template;
      const text = message[field].slice(start, start + (lengths[index] as number));
      return { ...chunk, choices: [{ ...chunk.choices[0], delta: { [key]: text } }] } as ChatCompletionChunk;
    },
    end() {
      recent = null;
    },
  };
}
