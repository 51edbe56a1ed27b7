// The up-front side of tool approval and Standard Schema tools: tells which tools need tool-gate.ts and
// loads it, once, with a dynamic import. Tiny on purpose: every chat bundle carries this file, while the
// gate itself is downloaded only by apps whose tools use one of those features.
import type { ChatTool } from './types';

type GateModule = typeof import('./tool-gate');

let gate: GateModule | Promise<GateModule> | undefined;

/**
 * Whether calls of `tool` go through the gate before they run: it asks for approval, or its `parameters` are a
 * Standard Schema (or `{ standard, jsonSchema }`) to validate with and to derive the JSON Schema sent from.
 */
export function usesToolGate(tool: ChatTool): boolean {
  const p = tool.parameters as { '~standard'?: unknown; standard?: unknown } | undefined;
  return !!(tool.needsApproval || p?.['~standard'] || p?.standard);
}

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

/**
 * Starts loading the gate as soon as tools that need it are set, so the first call does not wait. Cheap once
 * started or loaded (React passes the options on every render).
 */
export function preloadToolGate(tools: Record<string, ChatTool> | undefined): void {
  if (!gate && tools && Object.values(tools).some(usesToolGate))
    (toolGate() as Promise<GateModule>).catch(() => {});
}
