import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', persistence: 'src/persistence/index.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  target: 'es2022',
  sourcemap: true,
});
