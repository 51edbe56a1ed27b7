import type { Usage } from '@using-ai/core';
import { formatUsage } from '../lib/format';

export function UsageLine({ usage, label = 'Usage' }: { usage: Usage; label?: string }) {
  return (
    <p className="usage" aria-label={label}>
      {formatUsage(usage)}
    </p>
  );
}
