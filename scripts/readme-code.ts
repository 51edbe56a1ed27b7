// Type-checks a README's TypeScript blocks against a package's sources, so documentation cannot drift
// from the API. Blocks are fragments (they use a `client` or a `mock` set up in an earlier block), so
// every block body gets a function of its own, after the blocks' import lines (hoisted, once each) and
// a prelude that declares what the prose leaves implicit. Used by the packages' readme-code tests.
import ts from 'typescript';

/** The bodies of the ```ts blocks, in order. */
export function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((match) => match[1] ?? '');
}

/** One module: the blocks' imports (each distinct line once), the prelude, then each block in a function. */
export function readmeModule(blocks: string[], prelude: string): string {
  const imports = new Set<string>();
  const bodies = blocks.map((block, i) => {
    const lines = block.split('\n');
    for (const line of lines) if (line.startsWith('import ')) imports.add(line);
    const body = lines.filter((line) => !line.startsWith('import ')).join('\n');
    return `export async function block${i}() {\n${body}\n}`;
  });
  return [...imports, prelude, ...bodies].join('\n');
}

export interface CheckOptions {
  /** Where the module is imagined to live (module resolution starts there). */
  fileName: string;
  /** Bare specifiers mapped to source files, e.g. `{ '@using-ai/core': ['/…/src/index.ts'] }`. */
  paths: Record<string, string[]>;
  /** Ambient type packages, e.g. `['node']`. */
  types?: string[];
}

/** The type errors of `code`, as messages (empty when it compiles). */
export function typeErrors(code: string, { fileName, paths, types = [] }: CheckOptions): string[] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    strict: true,
    noUncheckedIndexedAccess: true,
    allowImportingTsExtensions: true,
    noEmit: true,
    skipLibCheck: true,
    types,
    paths,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (file) => (file === fileName ? code : readFile(file));
  host.fileExists = (file) => file === fileName || ts.sys.fileExists(file);
  host.getSourceFile = (file, language, ...rest) =>
    file === fileName ? ts.createSourceFile(file, code, language) : getSourceFile(file, language, ...rest);
  return ts
    .getPreEmitDiagnostics(ts.createProgram([fileName], options, host))
    .filter((d) => d.file?.fileName === fileName)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}
