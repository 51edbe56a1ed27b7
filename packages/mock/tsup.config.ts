import { defineConfig } from 'tsup';

export default defineConfig({
  // src/cli.ts starts with a shebang, which esbuild keeps: dist/cli.js is the `using-ai-mock` bin.
  entry: ['src/index.ts', 'src/msw.ts', 'src/testing.ts', 'src/cli.ts'],
  format: ['esm'],
  dts: { entry: ['src/index.ts', 'src/msw.ts', 'src/testing.ts'] },
  clean: true,
  target: 'es2022',
  sourcemap: true,
  external: ['msw', 'msw/node'],
});
