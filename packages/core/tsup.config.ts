import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/chat-entry.ts', 'src/server.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  target: 'es2022',
  sourcemap: true,
});
