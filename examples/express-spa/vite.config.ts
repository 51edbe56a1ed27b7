import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The SPA only: `vite build` writes dist/client, which the Express server (server/index.ts) serves.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist/client', emptyOutDir: true },
});
