import { defineConfig } from 'tsup';

export default defineConfig({
  // `object` is its own entry (`@using-ai/react/object`) so the chat hooks' entry does not grow.
  entry: { index: 'src/index.ts', query: 'src/query.ts', object: 'src/object/index.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  target: 'es2022',
  sourcemap: true,
  // Hooks run on the client: frameworks with React Server Components (Next.js App Router) need the marker.
  banner: { js: "'use client';" },
});
