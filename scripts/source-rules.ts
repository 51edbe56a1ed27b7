// The repo's structural rules, checked by packages/core/test/source-rules.test.ts: no source file over
// 300 lines, and no import cycles (type-only imports included: a type circle is still a circle to read).
// Hand-written on TypeScript's own import scanner rather than madge/dpdm: about 100 lines, no new dependency.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** Where the rules apply: shipped code, the demo app and server, scripts and benchmarks (not tests). */
const SOURCE_ROOTS = ['packages/*/src', 'apps/*/src', 'apps/*/server', 'apps/*/e2e', 'scripts', 'bench'];
const SOURCE_FILE = /\.(?:ts|tsx|mts|js|mjs|jsx)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'test', 'tests', '__tests__', 'test-results']);

export const MAX_LINES = 300;

/** Every source file under the roots, absolute. Tests (test dirs, *.test.*, *.spec.*) are not sources. */
export function sourceFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (!SKIPPED_DIRS.has(name)) walk(path);
      } else if (SOURCE_FILE.test(name) && !/\.(?:test|spec)\.\w+$/.test(name) && !name.endsWith('.d.ts')) {
        files.push(path);
      }
    }
  };
  for (const pattern of SOURCE_ROOTS) {
    const [base, star, rest] = pattern.split('/');
    const dirs =
      star === '*'
        ? readdirSync(join(root, base ?? '')).map((name) => join(root, base ?? '', name, rest ?? ''))
        : [join(root, pattern)];
    for (const dir of dirs) if (existsSync(dir) && statSync(dir).isDirectory()) walk(dir);
  }
  return files.sort();
}

/** Files over `MAX_LINES` lines, as `{ file (relative to root), lines }`. */
export function longFiles(root: string): Array<{ file: string; lines: number }> {
  return sourceFiles(root)
    .map((file) => ({ file: relative(root, file), lines: lineCount(readFileSync(file, 'utf8')) }))
    .filter(({ lines }) => lines > MAX_LINES);
}

export function lineCount(text: string): number {
  return text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** `@using-ai/x[/sub]` → the source file its package.json "exports" names under the "source" condition. */
function workspaceEntries(root: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const dir of readdirSync(join(root, 'packages'))) {
    const pkgPath = join(root, 'packages', dir, 'package.json');
    if (!existsSync(pkgPath)) continue;
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as {
      name: string;
      exports?: Record<string, { source?: string } | string>;
    };
    for (const [subpath, entry] of Object.entries(pkg.exports ?? {})) {
      if (typeof entry === 'string' || !entry.source) continue;
      const name = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
      entries.set(name, resolve(root, 'packages', dir, entry.source));
    }
  }
  return entries;
}

const EXTENSIONS = ['', '.ts', '.tsx', '.mts', '.js', '.mjs', '/index.ts', '/index.tsx', '/index.js'];

function resolveRelative(from: string, specifier: string): string | null {
  const base = resolve(dirname(from), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx')];
  for (const extension of EXTENSIONS) candidates.push(base + extension);
  return candidates.find((path) => existsSync(path) && statSync(path).isFile()) ?? null;
}

/** The import graph of the sources: file → the files it imports (relative and workspace imports only). */
export function importGraph(root: string): Map<string, string[]> {
  const entries = workspaceEntries(root);
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(root)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map(({ fileName }) =>
        fileName.startsWith('.') ? resolveRelative(file, fileName) : (entries.get(fileName) ?? null),
      )
      .filter((target): target is string => target !== null && target !== file);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Every import cycle, each as its files (relative to root) in import order; [] when there is none. */
export function importCycles(root: string): string[][] {
  const graph = importGraph(root);
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') {
        cycles.push(stack.slice(stack.indexOf(next)).map((path) => relative(root, path)));
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}
