// Faults on demand: a per-request header or a queue of injected faults consumed by the next requests.

/** The faults the emulator can inject, by name (`inject`, `X-Mock-Fault`, the admin endpoint, the CLI). */
export const FAULTS = [
  'rate_limit',
  'server_error',
  'drop_mid_stream',
  'stall',
  'malformed_chunk',
  'missing_done',
  'html_502',
  'slow_headers',
  'error_event',
  'schema_mismatch',
  'invalid_tool_args',
] as const;

/** One of `FAULTS`. */
export type Fault = (typeof FAULTS)[number];

/** Options of `inject`. */
export interface InjectOptions {
  /** How many upcoming chat-completion requests get the fault; default 1, `Infinity` for all. */
  times?: number;
}

/** A queued fault and how many requests it still applies to. */
export interface PendingFault {
  fault: Fault;
  /** Requests left that will get this fault (`null` in JSON means unlimited). */
  remaining: number;
}

/** `true` when `value` names one of `FAULTS`. */
export function isFault(value: unknown): value is Fault {
  return typeof value === 'string' && (FAULTS as readonly string[]).includes(value);
}

export interface FaultQueue {
  inject(fault: Fault, options?: InjectOptions): void;
  /** Takes the fault the next request should get, if any. */
  take(): Fault | undefined;
  list(): PendingFault[];
  clear(): void;
}

export function createFaultQueue(): FaultQueue {
  let pending: PendingFault[] = [];
  return {
    inject(fault, options = {}) {
      const times = options.times ?? 1;
      if (!isFault(fault))
        throw new TypeError(`Unknown fault "${String(fault)}". Known: ${FAULTS.join(', ')}.`);
      if (!(times >= 1) || (!Number.isInteger(times) && times !== Number.POSITIVE_INFINITY)) {
        throw new TypeError('times must be a positive integer or Infinity.');
      }
      pending.push({ fault, remaining: times });
    },
    take() {
      const head = pending[0];
      if (!head) return undefined;
      head.remaining -= 1;
      if (head.remaining <= 0) pending.shift();
      return head.fault;
    },
    list() {
      return pending.map((p) => ({ ...p }));
    },
    clear() {
      pending = [];
    },
  };
}
