import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import type { DemoState } from './demo-api';
import { demoStateQuery } from './queries';

type Patch = Partial<Omit<DemoState, 'faults' | 'mode'>>;

/**
 * The developer panel's changes to the server's demo state, shown at once and never undone by a stale read.
 *
 * Two races made a clicked checkbox jump back (the demo e2e test failed on it once in two CI runs):
 * - The optimistic value lived in the query cache, whose observers React hears of a task later
 *   (TanStack's notify scheduler is `setTimeout(0)`), so after the click React put the controlled
 *   checkbox back for that task. Here the pending value is React state, set inside the event.
 * - A state read already in flight (the poll while faults are pending) answered with the state from
 *   before the change after the change's own answer. Both ends of a change cancel such reads, and the
 *   changes run one at a time in click order (a mutation scope), so the last answer is the server's.
 */
export function useDemoControls(state: DemoState) {
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<{ id: number; patch: Patch } | null>(null);
  const last = useRef(0);
  const cancelReads = useCallback(
    () => queryClient.cancelQueries({ queryKey: demoStateQuery.queryKey }),
    [queryClient],
  );
  const mutation = useMutation({
    mutationFn: (action: () => Promise<DemoState>) => action(),
    scope: { id: 'using-ai-demo-controls' },
    onMutate: cancelReads,
    onSuccess: async (next) => {
      await cancelReads();
      queryClient.setQueryData(demoStateQuery.queryKey, next);
    },
  });
  const { mutate } = mutation;

  /** Runs `action` on the server; `patch` is what the panel shows until the server answered. */
  const apply = useCallback(
    (action: () => Promise<DemoState>, patch?: Patch) => {
      const id = ++last.current;
      if (patch) setPending({ id, patch });
      mutate(action, {
        // Changes run in order, so once this one settled every earlier one has too; a later one's
        // pending value stays until it settles itself.
        onSettled: () => setPending((p) => (p && p.id <= id ? null : p)),
      });
    },
    [mutate],
  );

  return {
    /** The server's state with the change still on its way laid over it. */
    state: pending ? { ...state, ...pending.patch } : state,
    apply,
    error: mutation.error,
  };
}
