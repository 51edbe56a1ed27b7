import type { Usage } from '@using-ai/core';
import { formatUsage } from '../lib/format';

interface UsageLineProps {
  usage: Usage;
  label?: string;
  /** Show the label on screen, not only to screen readers. */
  showLabel?: boolean;
}

export function UsageLine({ usage, label = 'Usage', showLabel = false }: UsageLineProps) {
  return (
    <p className="usage" data-testid={showLabel ? 'usage-total' : 'usage'}>
      <span className={showLabel ? 'usage-label' : 'sr-only'}>{label}: </span>
      {formatUsage(usage)}
    </p>
  );
}
