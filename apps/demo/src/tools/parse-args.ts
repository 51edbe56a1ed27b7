/** Reads one string argument from a tool call's arguments, whatever the model sent. */
export function stringArg(args: unknown, name: string): string {
  const value =
    typeof args === 'object' && args !== null ? (args as Record<string, unknown>)[name] : undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new Error(`Missing string argument "${name}"`);
  return value;
}
