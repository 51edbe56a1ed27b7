// A thin useSyncExternalStore binding of core's object session: the streaming, parsing and validation live in core.

import type { UsingAiClient } from '@using-ai/core';
import {
  createObjectSession,
  type InferObject,
  type ObjectSchema,
  type ObjectSession,
  type ObjectSessionOptions,
  type ObjectSnapshot,
} from '@using-ai/core/object';
import { useEffect, useLayoutEffect, useMemo, useSyncExternalStore } from 'react';
import { useUsingAiClient } from '../client-context';

/** Options of `useStreamingObject`: the object session's options, plus the client. */
export interface UseStreamingObjectOptions<S extends ObjectSchema<unknown>> extends ObjectSessionOptions<S> {
  /** Use this client instead of the provider's. */
  client?: UsingAiClient;
}

export interface UseStreamingObjectResult<T>
  extends ObjectSnapshot<T>,
    Pick<ObjectSession<T>, 'submit' | 'stop' | 'reset'> {}

// useLayoutEffect warns during server rendering in React 18; nothing needs it there.
const useClientLayoutEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect;

/**
 * An object that fills in while the model writes its JSON: `submit(input)` streams one, `object` grows
 * (deep-partial) and ends as the validated object. Renders at most once per animation frame by default.
 */
export function useStreamingObject<S extends ObjectSchema<unknown>>(
  options: UseStreamingObjectOptions<S>,
): UseStreamingObjectResult<InferObject<S>> {
  const client = useUsingAiClient(options.client);
  // One session per client; later renders pass their options through setOptions below.
  // biome-ignore lint/correctness/useExhaustiveDependencies: options are applied by setOptions
  const session = useMemo(() => createObjectSession(client, options), [client]);
  useClientLayoutEffect(() => {
    session.setOptions(options as ObjectSessionOptions<ObjectSchema<unknown>>);
  });
  // Leaving the screen stops the stream (nobody will see the rest).
  useEffect(() => session.stop, [session]);
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot, session.getSnapshot);
  return useMemo(
    () => ({ ...snapshot, submit: session.submit, stop: session.stop, reset: session.reset }),
    [snapshot, session],
  );
}
