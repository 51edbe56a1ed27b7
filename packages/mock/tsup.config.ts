import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: ['src/index.ts', 'src/msw.ts'],
    format: ['esm'],
    dts: true,
    clean: true,
    target: 'es2022',
    sourcemap: true,
    external: ['msw'],
  },
  {
    // The CLI is an executable; it gets the shebang and no type declarations.
    entry: ['src/cli.ts'],
    format: ['esm'],
    dts: false,
    clean: false,
    target: 'es2022',
    sourcemap: true,
    banner: { js: '#!/usr/bin/env node' },
  },
]);
