// The default store: streams in this process's memory, bounded twice: a finished stream is dropped
// `ttlSec` after its end, and when all events together pass `maxBytes`, the oldest finished streams go
// first. Running streams are never evicted (a reader may be waiting on them).
import { DEFAULT_TTL_SEC, type ResumeRetention, type ResumeStore, type StreamInfo } from './store';

export interface MemoryStoreOptions extends ResumeRetention {
  /** Cap on the bytes of all stored events (UTF-8 length of their text). Default 64 MiB. */
  maxBytes?: number;
}

interface Entry {
  owner: string | null;
  /** Event n (1-based id) is `events[n - 1]`. */
  events: string[];
  bytes: number;
  finished: boolean;
  finishedAt: number;
  readers: number;
  waiting: Set<() => void>;
  stopListeners: Set<() => void>;
  expiry?: ReturnType<typeof setTimeout>;
}

/** UTF-8 length of `text` without encoding it (this runs for every event of every stream). */
function byteLength(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) {
      // A surrogate pair: 2 UTF-16 units, 4 bytes.
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** An in-memory ResumeStore (one process). */
export function createMemoryResumeStore(options: MemoryStoreOptions = {}): ResumeStore {
  const ttlMs = (options.ttlSec ?? DEFAULT_TTL_SEC) * 1000;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const streams = new Map<string, Entry>();
  let totalBytes = 0;

  function remove(streamId: string) {
    const entry = streams.get(streamId);
    if (!entry) return;
    clearTimeout(entry.expiry);
    totalBytes -= entry.bytes;
    streams.delete(streamId);
    wake(entry);
  }

  function wake(entry: Entry) {
    for (const resolve of [...entry.waiting]) resolve();
  }

  /** Drops the oldest finished streams until the events fit the cap again. */
  function evict() {
    if (totalBytes <= maxBytes) return;
    const finished = [...streams]
      .filter(([, e]) => e.finished)
      .sort(([, a], [, b]) => a.finishedAt - b.finishedAt);
    for (const [id] of finished) {
      if (totalBytes <= maxBytes) break;
      remove(id);
    }
  }

  function end(entry: Entry, streamId: string) {
    if (entry.finished) return;
    entry.finished = true;
    entry.finishedAt = Date.now();
    entry.expiry = setTimeout(() => remove(streamId), ttlMs);
    // A timer must not keep a process alive that has nothing else to do.
    entry.expiry.unref?.();
    wake(entry);
    evict();
  }

  return {
    async create(streamId, owner) {
      streams.set(streamId, {
        owner,
        events: [],
        bytes: 0,
        finished: false,
        finishedAt: 0,
        readers: 0,
        waiting: new Set(),
        stopListeners: new Set(),
      });
    },
    append(streamId, id, event) {
      const entry = streams.get(streamId);
      // Ids are dense: a gap or a repeat is a bug upstream of the store, and must not corrupt replay.
      if (!entry || entry.finished || id !== entry.events.length + 1) return;
      entry.events.push(event);
      const bytes = byteLength(event);
      entry.bytes += bytes;
      totalBytes += bytes;
      wake(entry);
      evict();
    },
    async finish(streamId) {
      const entry = streams.get(streamId);
      if (entry) end(entry, streamId);
    },
    async info(streamId): Promise<StreamInfo | null> {
      const entry = streams.get(streamId);
      return entry ? { owner: entry.owner, finished: entry.finished } : null;
    },
    async *read(streamId, after, signal) {
      let next = Math.max(0, after);
      for (;;) {
        const entry = streams.get(streamId);
        if (!entry || signal.aborted) return;
        while (next < entry.events.length) {
          yield entry.events[next++] as string;
          if (signal.aborted) return;
        }
        if (entry.finished) return;
        await new Promise<void>((resolve) => {
          const done = () => {
            entry.waiting.delete(done);
            signal.removeEventListener('abort', done);
            resolve();
          };
          entry.waiting.add(done);
          signal.addEventListener('abort', done);
        });
      }
    },
    async stop(streamId) {
      const entry = streams.get(streamId);
      if (!entry) return false;
      for (const listener of [...entry.stopListeners]) listener();
      entry.stopListeners.clear();
      end(entry, streamId);
      return true;
    },
    onStop(streamId, listener) {
      const entry = streams.get(streamId);
      entry?.stopListeners.add(listener);
      return () => {
        entry?.stopListeners.delete(listener);
      };
    },
    attach(streamId) {
      const entry = streams.get(streamId);
      if (entry) entry.readers++;
      let attached = !!entry;
      return () => {
        if (attached && entry) entry.readers--;
        attached = false;
      };
    },
    async hasReaders(streamId) {
      return (streams.get(streamId)?.readers ?? 0) > 0;
    },
    async close() {
      for (const id of [...streams.keys()]) remove(id);
    },
  };
}
