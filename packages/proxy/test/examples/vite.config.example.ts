// vite.config.ts: the proxy under `vite dev` and `vite preview` at /api/using-ai.
import { usingAiProxy } from '@using-ai/proxy/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [usingAiProxy({ allowedModels: ['haiku-4.5', 'deepseek-r2'] })],
});
