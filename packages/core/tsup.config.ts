import { defineConfig } from 'tsup';

export default defineConfig({
  // `object` is its own entry (`@using-ai/core/object`); the root re-exports it, tree-shaken when unused.
  entry: {
    index: 'src/index.ts',
    'chat-entry': 'src/chat-entry.ts',
    server: 'src/server.ts',
    object: 'src/object/index.ts',
    persistence: 'src/persistence/index.ts',
  },
  format: ['esm'],
  dts: true,
  clean: true,
  target: 'es2022',
  sourcemap: true,
});
