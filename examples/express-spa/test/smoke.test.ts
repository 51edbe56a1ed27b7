// CI smoke test: build with a sentinel key (searched for in dist/client), start on the emulator, stream one
// answer in Chromium. See scripts/example-smoke.ts.
import { join } from 'node:path';
import { defineExampleSmokeTests } from '../../../scripts/example-smoke';

defineExampleSmokeTests({ exampleDir: join(import.meta.dirname, '..'), clientDirs: ['dist/client'] });
