// The up-front side of tool approval and Standard Schema tools: tells which tools need tool-gate.ts and
// loads it, once, with a dynamic import. Tiny on purpose: every chat bundle carries this file, while the
// gate itself is downloaded only by apps whose tools use one of those features.
import type { ChatTool } from './types';

type GateModule = typeof import('./tool-gate');

let gate: GateModule | Promise<GateModule> | undefined;

/** `parameters` given as a Standard Schema (or `{ standard, jsonSchema }`), not as a plain JSON Schema. */
export function isStandardParameters(parameters: ChatTool['parameters']): boolean {
  const p = parameters as { '~standard'?: unknown; standard?: unknown } | undefined;
  return !!(p?.['~standard'] || p?.standard);
}

/** Whether calls of `tool` go through the gate (validation or approval) before they run. */
export const usesToolGate = (tool: ChatTool): boolean =>
  !!tool.needsApproval || isStandardParameters(tool.parameters);

/**
 * The gate's code: the module once it has loaded (so calls need not wait a task for it), else the promise of
 * it. A failed load (offline, a new deploy) is tried again next time.
 */
export function toolGate(): GateModule | Promise<GateModule> {
  gate ??= import('./tool-gate').then(
    (module) => (gate = module),
    (error: unknown) => {
      gate = undefined;
      throw error;
    },
  );
  return gate;
}

/** The gate's code if it has loaded, without loading it (for tests). */
export const loadedToolGate = (): GateModule | undefined => (gate instanceof Promise ? undefined : gate);

/** Starts loading the gate as soon as tools that need it are set, so the first call does not wait. */
export function preloadToolGate(tools: Record<string, ChatTool> | undefined): void {
  if (tools && Object.values(tools).some(usesToolGate)) Promise.resolve(toolGate()).catch(() => {});
}
