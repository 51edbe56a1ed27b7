// API reference of the public entries of the four packages. The entry points are read from each package's
// `exports` ("source" condition), so a new subpath is documented, and validated, as soon as it is exported.
import { readFileSync } from 'node:fs';

const packages = ['core', 'react', 'proxy', 'mock'];

function entryPoints(dir) {
  const pkg = JSON.parse(readFileSync(new URL(`./packages/${dir}/package.json`, import.meta.url), 'utf8'));
  return Object.values(pkg.exports ?? {})
    .filter((entry) => typeof entry === 'object' && entry !== null && typeof entry.source === 'string')
    .map((entry) => `packages/${dir}/${entry.source.replace(/^\.\//, '')}`);
}

/** @type {Partial<import('typedoc').TypeDocOptions>} */
const config = {
  name: 'using.ai TypeScript toolkit',
  tsconfig: 'tsconfig.typedoc.json',
  entryPoints: packages.flatMap(entryPoints),
  out: 'docs/api',
  readme: 'none',
  excludePrivate: true,
  // Source links point at the public repository (package.json "repository"), not at whatever remote this
  // clone has (a CI clone's origin is a local path, and a fresh checkout may have none: TypeDoc warns).
  sourceLinkTemplate: 'https://github.com/using-ai/using-ai-toolkit/blob/{gitRevision}/{path}#L{line}',
  excludeInternal: true,
  // Every exported function, class, interface, type alias and variable, and the call signatures of their
  // members, must carry TSDoc. Plain properties of wire shapes are not required (they mirror the API docs).
  packagesRequiringDocumentation: packages.map((dir) => `@using-ai/${dir}`),
  requiredToBeDocumented: ['Enum', 'Variable', 'Function', 'Class', 'Interface', 'TypeAlias'],
  validation: { notExported: true, invalidLink: true, notDocumented: true },
  treatWarningsAsErrors: true,
};

export default config;
