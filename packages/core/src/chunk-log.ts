// The chunks a ChatStream has delivered, kept for iterators that attach late, in far less memory than
// the parsed objects: almost every chunk of a stream is the previous one with another text delta, and
// that delta is already inside the accumulated message. Such a chunk is stored as a reference to the
// first chunk of its run (its template) plus where its delta sits in the message text; any other chunk
// (tool calls, finish, usage) is kept as is. Replay rebuilds equal objects.
import type { AssistantMessage } from './client-types';
import type { ChatCompletionChunk } from './types';

type Fields = Record<string, unknown>;

/** A run of chunks that differ only in the text of their delta's single key. */
interface Template {
  /** The run's first chunk: every other field of the run equals this one's. */
  chunk: ChatCompletionChunk;
  /** The delta's key (`content`, `reasoning_content` or `reasoning`) and where it accumulates. */
  key: string;
  field: 'content' | 'reasoning';
}

export interface ChunkLog {
  readonly length: number;
  /** Records `chunk`; `before` and `after` are the accumulated message around it. */
  push(chunk: ChatCompletionChunk, before: AssistantMessage, after: AssistantMessage): void;
  /** Chunk `index`, rebuilt against `message` (the current accumulation, which only ever grows). */
  get(index: number, message: AssistantMessage): ChatCompletionChunk;
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

/** Up to this many newest chunks are also kept as objects: live iterators read them without a rebuild. */
const RECENT = 64;

export function createChunkLog(): ChunkLog {
  // Per chunk: the chunk itself, or its template with its text's [start, end) in the message.
  const items: Array<ChatCompletionChunk | Template> = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const recent: ChatCompletionChunk[] = [];
  let template: Template | undefined;

  return {
    get length() {
      return items.length;
    },
    push(chunk, before, after) {
      const found = textDelta(chunk);
      if (found && template && found[1] === template.key) {
        const [choice] = found;
        const base = template.chunk.choices[0] as unknown as Fields;
        if (
          !sameFields(chunk as unknown as Fields, template.chunk as unknown as Fields, 'choices') ||
          !sameFields(choice, base, 'delta')
        )
          template = undefined;
      } else template = undefined;
      if (found && !template) {
        const key = found[1];
        const field =
          key === 'content' ? key : key === 'reasoning_content' || key === 'reasoning' ? 'reasoning' : '';
        if (field) template = { chunk, key, field };
      }
      // Only a delta that is exactly the text appended to the message can be cut back out of it.
      const text = found && ((found[0].delta as Fields)[found[1]] as string);
      const field = template?.field;
      const compact = field && after[field].length - before[field].length === (text as string).length;
      recent[items.length % RECENT] = chunk;
      starts.push(compact ? before[field].length : 0);
      ends.push(compact ? after[field].length : 0);
      items.push(compact ? (template as Template) : chunk);
    },
    get(index, message) {
      if (index >= items.length - RECENT) return recent[index % RECENT] as ChatCompletionChunk;
      const item = items[index] as ChatCompletionChunk | Template;
      if (!('key' in item)) return item;
      const base = item.chunk.choices[0];
      const text = message[item.field].slice(starts[index], ends[index]);
      return { ...item.chunk, choices: [{ ...base, delta: { [item.key]: text } }] } as ChatCompletionChunk;
    },
  };
}
