// A cap on request-body bytes held at once across all requests of one handler: each body reserves its
// size (its Content-Length, or the per-request limit when it has none) before it is read, and gives it
// back when reading ends. Without it, thousands of clients each sending half a body hold their halves
// until the body deadline. Pure; `Infinity` means no cap.

export interface BodyBudget {
  /** Reserves `bytes`; `false` when that would exceed the cap. */
  take(bytes: number): boolean;
  give(bytes: number): void;
}

export function createBodyBudget(maxBytes: number): BodyBudget {
  let held = 0;
  return {
    take(bytes) {
      if (held + bytes > maxBytes && held > 0) return false;
      held += bytes;
      return true;
    },
    give(bytes) {
      held = Math.max(0, held - bytes);
    },
  };
}
