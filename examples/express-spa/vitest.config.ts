import { defineProject } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.ts';

export default defineProject({
  // For the test process only (the smoke test's stand-in upstream); the example itself uses the built packages.
  resolve: { alias: workspaceAliases },
  test: {
    name: 'example-express-spa',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
