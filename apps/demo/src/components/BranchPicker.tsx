import './chat-history.css';
import type { ChatBranches } from '@using-ai/react';

interface BranchPickerProps {
  branches: ChatBranches;
  onSelect: (messageId: string) => void;
}

/** ‹ 2/3 ›: the versions of an edited question or a regenerated answer; nothing when there is one. */
export function BranchPicker({ branches: { ids, index }, onSelect }: BranchPickerProps) {
  if (ids.length < 2) return null;
  const go = (to: number) => {
    const id = ids[to];
    if (id) onSelect(id);
  };
  return (
    <fieldset className="branch-picker">
      <legend className="sr-only">Versions</legend>
      <button
        type="button"
        className="btn ghost small"
        aria-label="Previous version"
        disabled={index <= 0}
        onClick={() => go(index - 1)}
      >
        ‹
      </button>
      <span className="branch-count">
        {index + 1}/{ids.length}
      </span>
      <button
        type="button"
        className="btn ghost small"
        aria-label="Next version"
        disabled={index >= ids.length - 1}
        onClick={() => go(index + 1)}
      >
        ›
      </button>
    </fieldset>
  );
}
