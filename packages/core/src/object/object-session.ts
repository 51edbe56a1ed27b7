// The state behind useStreamingObject, framework-free like the chat session: one object streamed at a
// time, subscribers told at most once per scheduler tick (frame by default) while it streams.

import { callSafely } from '../call-safely';
import { createNotifier, schedulerFor } from '../chat/notify-scheduler';
import type { NotifyScheduler, Throttle } from '../chat/types';
import type { RetryEvent, UsingAiClient } from '../client-types';
import { UsingAiError } from '../errors';
import type { ChatMessage } from '../types';
import type { InferObject, ObjectSchema } from './object-schema';
import { type DeepPartial, type StreamObjectRequest, streamObject } from './stream-object';

/**
 * - `idle`: nothing in flight (before the first submit, after a finished, stopped or reset one).
 * - `submitted`: the request is on its way, no JSON yet. `streaming`: the object is filling in.
 * - `error`: the last submit failed (see `error`); `object` keeps what had arrived.
 */
export type ObjectStatus = 'idle' | 'submitted' | 'streaming' | 'error';

/** Everything an object view renders; a new object after every change, the same object otherwise. */
export interface ObjectSnapshot<T> {
  /** The object so far while streaming; the validated object once finished. */
  object: DeepPartial<T> | undefined;
  status: ObjectStatus;
  /** ObjectValidationError, StreamInterruptedError (JSON never closed), or any client error. */
  error: UsingAiError | null;
}

/** Options of `createObjectSession`: the `streamObject` request (schema, model...) without the input, plus callbacks. */
export interface ObjectSessionOptions<S extends ObjectSchema<unknown>>
  extends Omit<StreamObjectRequest<S>, 'messages'> {
  /** Sent before the input of every submit (a system prompt, examples). */
  messages?: ChatMessage[];
  /** How often subscribers are notified while streaming. Default `'frame'`. */
  throttle?: Throttle;
  /** Replaces the scheduler `throttle` picks. */
  scheduler?: NotifyScheduler;
  /** Called with the validated object. */
  onFinish?: (object: InferObject<S>) => void;
  /** Called when an object fails (request, stream or validation); also in the snapshot's `error`. */
  onError?: (error: UsingAiError) => void;
  /** Called before each retry wait. */
  onRetry?: (event: RetryEvent) => void;
}

/** A structured-output session: its state (`getSnapshot`, `subscribe`) and `submit`. Bound to React by `useStreamingObject`. */
export interface ObjectSession<T> {
  /** The current state; the same object until something changes. */
  getSnapshot(): ObjectSnapshot<T>;
  /** Calls `listener` after every change; returns an unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /**
   * Streams a new object (stopping the one in flight). A string is sent as a user message after
   * `options.messages`; an array is sent after `options.messages` as is. Resolves with the validated
   * object, or `undefined` when it failed (see `error`) or was stopped; never rejects.
   */
  submit(input: string | ChatMessage[]): Promise<T | undefined>;
  /** Stops the stream; `object` keeps what had arrived, status goes back to `idle`. */
  stop(): void;
  /** Stops and clears `object` and `error`. */
  reset(): void;
  /** Replaces the options for later submits. */
  setOptions(options: ObjectSessionOptions<ObjectSchema<unknown>>): void;
}

const asError = (error: unknown): UsingAiError =>
  error instanceof UsingAiError
    ? error
    : new UsingAiError({
        type: 'unknown_error',
        message: String((error as Error)?.message ?? error),
        cause: error,
      });

/** A store for one streamed object at a time; `useStreamingObject` is its React binding. */
export function createObjectSession<S extends ObjectSchema<unknown>>(
  client: UsingAiClient,
  initialOptions: ObjectSessionOptions<S>,
): ObjectSession<InferObject<S>> {
  type T = InferObject<S>;
  let options = initialOptions as ObjectSessionOptions<ObjectSchema<unknown>>;
  let snapshot: ObjectSnapshot<T> = { object: undefined, status: 'idle', error: null };
  const listeners = new Set<() => void>();
  const notifier = createNotifier(() => {
    for (const listener of [...listeners]) callSafely(listener);
  });
  notifier.setScheduler(options.scheduler ?? schedulerFor(options.throttle));
  /** The submit in flight; a newer one (or stop/reset) replaces it, and the old one's events are ignored. */
  let run: { abort(): void } | null = null;

  function set(patch: Partial<ObjectSnapshot<T>>, now = true) {
    snapshot = { ...snapshot, ...patch };
    notifier.notify(now);
  }

  function stop() {
    const current = run;
    run = null;
    current?.abort();
    if (snapshot.status === 'submitted' || snapshot.status === 'streaming') set({ status: 'idle' });
  }

  async function submit(input: string | ChatMessage[]): Promise<T | undefined> {
    stop();
    const { messages = [], throttle: _t, scheduler: _s, onFinish, onError, onRetry, ...request } = options;
    const sent: ChatMessage[] =
      typeof input === 'string' ? [...messages, { role: 'user', content: input }] : [...messages, ...input];
    let stream: ReturnType<typeof streamObject<ObjectSchema<unknown>>>;
    try {
      stream = streamObject(client, { ...request, messages: sent }, { onRetry });
    } catch (error) {
      // A schema that cannot be sent: the caller's bug, shown like any other failure.
      set({ status: 'error', error: asError(error), object: undefined });
      return undefined;
    }
    const self = { abort: () => stream.abort() };
    run = self;
    set({ status: 'submitted', error: null, object: undefined });
    stream.subscribe((partial) => {
      if (run !== self) return;
      snapshot = { ...snapshot, status: 'streaming', object: partial as DeepPartial<T> };
      notifier.notify();
    });
    try {
      const value = (await stream.final()) as T;
      if (run !== self) return undefined;
      run = null;
      set({ status: 'idle', object: value as DeepPartial<T> });
      callSafely(onFinish as ((object: T) => void) | undefined, value);
      return value;
    } catch (error) {
      if (run !== self) return undefined;
      run = null;
      const failure = asError(error);
      set({ status: 'error', error: failure });
      callSafely(onError, failure);
      return undefined;
    }
  }

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    submit,
    stop,
    reset() {
      stop();
      set({ status: 'idle', object: undefined, error: null });
    },
    setOptions(next) {
      options = next;
      notifier.setScheduler(next.scheduler ?? schedulerFor(next.throttle));
    },
  };
}
