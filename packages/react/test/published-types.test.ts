// @vitest-environment node
// Issue 16: the published types must check in a browser app as they do in a Node-only server
// (packages/proxy/test/published-types.test.ts). test/types-browser is a strict browser project
// (DOM lib, no Node types, skipLibCheck false) over the built .d.ts files; `pnpm build` runs first in CI.
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { checkPublishedTypes } from '../../../scripts/check-published-types.ts';

const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));

it('the built types of core, core/object, react, react/query and react/object check in a browser project without Node types', async () => {
  const errors = await checkPublishedTypes(at('./types-browser'), [
    at('../../core/dist/index.d.ts'),
    at('../dist/index.d.ts'),
    at('../dist/query.d.ts'),
    at('../../core/dist/object.d.ts'),
    at('../dist/object.d.ts'),
  ]);
  expect(errors).toBe('');
}, 60_000);
