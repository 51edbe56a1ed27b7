import { defineConfig } from 'vitest/config';
import './scripts/node20-polyfills.ts';

export default defineConfig({
  test: {
    // Every package and app owns its vitest.config.ts; this run sums them all.
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts', 'examples/*/vitest.config.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
