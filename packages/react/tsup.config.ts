import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/query.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  target: 'es2022',
  sourcemap: true,
  // Hooks run on the client: frameworks with React Server Components (Next.js App Router) need the marker.
  banner: { js: "'use client';" },
});
