// Where durable streams live between the instance that runs upstream and whoever reads them: one small
// interface, an in-memory implementation (memory-store.ts) and a Redis one (redis-store.ts) for apps
// that run several instances. Events are stored as the exact SSE text forwarded, `id:` line included.

/** What the proxy records about a stream besides its events. */
export interface StreamInfo {
  /** The client `authorize` named when the stream was created, or `null` (then the id is the capability). */
  owner: string | null;
  /** Whether the stream has ended (`[DONE]`, an upstream failure, a stop or abandonment). */
  finished: boolean;
}

/**
 * A store of durable streams. Every method may be called from any instance; the store carries the events,
 * the end, stop requests and reader presence between them. Event ids are 1, 2, 3… per stream.
 */
export interface ResumeStore {
  /** Registers a new, running stream. */
  create(streamId: string, owner: string | null): Promise<void>;
  /**
   * Appends event `id` (the previous id + 1), its SSE text as forwarded. Called in order and not awaited
   * by the proxy's stream path, so an implementation must keep the order of its calls.
   */
  append(streamId: string, id: number, event: string): void;
  /** Marks the stream ended: readers get what is stored, then their stream ends. Later appends are dropped. */
  finish(streamId: string): Promise<void>;
  /** The stream's info, or `null` when it is unknown or expired. */
  info(streamId: string): Promise<StreamInfo | null>;
  /**
   * The events with an id greater than `after`, then the live ones until the stream finishes or `signal`
   * aborts. Empty for an unknown stream (check `info` first).
   */
  read(streamId: string, after: number, signal: AbortSignal): AsyncIterable<string>;
  /** Asks whoever runs the stream to stop it, and finishes it. Resolves `false` for an unknown stream. */
  stop(streamId: string): Promise<boolean>;
  /** Calls `listener` once when `stop` is called for the stream, on any instance. Returns an unsubscribe. */
  onStop(streamId: string, listener: () => void): () => void;
  /** Records a reader attached to the stream (on this instance). Returns the function that detaches it. */
  attach(streamId: string): () => void;
  /** Whether a reader is attached to the stream on any instance. */
  hasReaders(streamId: string): Promise<boolean>;
  /** Releases timers and connections the store opened (not the Redis client you passed). */
  close(): Promise<void>;
}

/** Retention shared by the stores. */
export interface ResumeRetention {
  /** How long a finished stream stays readable, in seconds. Default 300. */
  ttlSec?: number;
}

export const DEFAULT_TTL_SEC = 300;
