'use client';
// `false` in the server render and until React has hydrated the page, then `true`. The Send buttons stay
// disabled until then: a click on the server-rendered form before its handlers exist would submit it as a
// plain page reload and lose the message.
import { useSyncExternalStore } from 'react';

const subscribeNothing = () => () => {};

export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );
}
