import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/node.ts', 'src/vite.ts', 'src/cli.ts'],
  format: ['esm'],
  dts: { entry: ['src/index.ts', 'src/node.ts', 'src/vite.ts'] },
  clean: true,
  target: 'es2022',
  platform: 'node',
  removeNodeProtocol: false,
  sourcemap: true,
});
