import type { Tier } from '@using-ai/core';

/** The default test keys, one per tier. */
export const defaultKeys: Readonly<Record<string, Tier>> = Object.freeze({
  'sk-test-standard': 'standard',
  'sk-test-donator': 'donator',
  'sk-test-supermaxes': 'supermaxes',
});

/** Reads the key from `Authorization: Bearer <key>`; null when the header is missing or malformed. */
export function bearerKey(request: Request): string | null {
  const header = request.headers.get('authorization');
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}
