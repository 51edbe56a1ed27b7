/** Whether `next` extends `previous`: same type, strings by a suffix, containers by members. */
export function grows(previous: unknown, next: unknown): boolean {
  if (previous === undefined) return true;
  if (typeof previous === 'string') return typeof next === 'string' && next.startsWith(previous);
  if (previous === null || typeof previous !== 'object') return Object.is(previous, next);
  if (Array.isArray(previous)) {
    return (
      Array.isArray(next) && next.length >= previous.length && previous.every((v, i) => grows(v, next[i]))
    );
  }
  if (next === null || typeof next !== 'object' || Array.isArray(next)) return false;
  const after = next as Record<string, unknown>;
  return Object.entries(previous).every(([k, v]) => Object.hasOwn(after, k) && grows(v, after[k]));
}
