/** Named emulator paces for the developer panel; `normal` is the default: slow enough to watch it stream. */
export const SPEEDS = {
  slow: { ttftMs: 900, tokensPerSecond: 12 },
  normal: { ttftMs: 350, tokensPerSecond: 35 },
  fast: { ttftMs: 40, tokensPerSecond: 400 },
  instant: { ttftMs: 0, tokensPerSecond: 0 },
} as const;

export type SpeedName = keyof typeof SPEEDS;

export function isSpeedName(value: unknown): value is SpeedName {
  return typeof value === 'string' && Object.hasOwn(SPEEDS, value);
}
