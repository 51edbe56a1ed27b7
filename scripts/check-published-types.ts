// Type-checks a fixture project (its own tsconfig.json) against the BUILT declaration files of our
// packages, the way an app that installed them would: used by the published-types tests.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/**
 * Runs `tsc -p project` and returns its diagnostics ('' when clean). Throws when a `.d.ts` it needs
 * was not built, so a missing `pnpm build` reads as that and not as a type error.
 */
export async function checkPublishedTypes(project: string, builtFiles: string[]): Promise<string> {
  const missing = builtFiles.filter((file) => !existsSync(file));
  if (missing.length > 0) throw new Error(`Run \`pnpm build\` first; missing: ${missing.join(', ')}`);
  try {
    await run(process.execPath, [tsc, '-p', join(project, 'tsconfig.json')], { timeout: 60_000 });
    return '';
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    return `${stdout ?? ''}${stderr ?? ''}`.trim() || String(error);
  }
}
