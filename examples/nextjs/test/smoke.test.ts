// CI smoke test: `next build` with a sentinel key (searched for in what the browser gets: .next/static and
// the prerendered pages), `next start` on the emulator, one streamed answer per page in Chromium.
// See scripts/example-smoke.ts.
import { join } from 'node:path';
import { defineExampleSmokeTests } from '../../../scripts/example-smoke';

defineExampleSmokeTests({
  exampleDir: join(import.meta.dirname, '..'),
  clientDirs: ['.next/static', '.next/server/app'],
  pages: ['/', '/completion'],
});
