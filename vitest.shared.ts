// Shared vitest settings. Inside the monorepo every `@using-ai/*` import resolves to the package's
// TypeScript source (the "source" export condition), so tests never run against a stale build.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Alias } from 'vite';

const root = dirname(fileURLToPath(import.meta.url));

type ExportEntry = { source?: string } | string;

function sourceAliases(): Alias[] {
  const aliases: Alias[] = [];
  for (const dir of readdirSync(join(root, 'packages'))) {
    const pkgPath = join(root, 'packages', dir, 'package.json');
    let pkg: { name: string; exports?: Record<string, ExportEntry> };
    try {
      pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
    } catch {
      continue;
    }
    for (const [subpath, entry] of Object.entries(pkg.exports ?? {})) {
      if (typeof entry === 'string' || !entry.source) continue;
      const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
      const escaped = specifier.replace(/[/.]/g, (c) => `\\${c}`);
      aliases.push({
        find: new RegExp(`^${escaped}$`),
        replacement: resolve(root, 'packages', dir, entry.source),
      });
    }
  }
  return aliases;
}

export const workspaceAliases = sourceAliases();
export const repoRoot = root;
