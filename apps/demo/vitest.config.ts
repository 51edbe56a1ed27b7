import { defineProject } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.ts';

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: {
    name: 'demo',
    environment: 'node',
    include: ['test/**/*.test.ts', 'e2e/**/*.test.ts'],
    // Each e2e file starts its own Vite server and Chromium; on 2 cores they must not pile up.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
