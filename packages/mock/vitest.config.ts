import { defineProject } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.ts';

export default defineProject({
  resolve: { alias: workspaceAliases },
  test: {
    name: 'mock',
    environment: 'node',
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 15_000,
  },
});
