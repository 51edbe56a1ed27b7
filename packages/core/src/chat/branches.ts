// Moving between branches of the tree (see tree.ts): which alternatives a message has, and which is shown.
import type { FeatureContext } from './feature';
import type { ChatSession } from './types';

export function createBranchCommands({
  store,
  loop,
}: FeatureContext): Pick<ChatSession, 'branchesOf' | 'selectBranch'> {
  return {
    branchesOf: (messageId) => store.tree.branchesOf(messageId),
    selectBranch(messageId) {
      if (!store.tree.branchesOf(messageId).ids.length) return false;
      loop.halt(true);
      // Nothing streams into another branch: an answer there without an end was cut off.
      const messages = store.tree
        .pathThrough(messageId)
        .map((m) =>
          m.role === 'assistant' && !m.finishReason && !m.incomplete ? { ...m, incomplete: true } : m,
        );
      store.set({ messages, status: 'idle', error: null, retry: null });
      return true;
    },
  };
}
