// Issue 16: core's declarations used the DOM's HeadersInit, so a strict Node-only server project
// (lib ES2022, types node, skipLibCheck false) failed with 7 errors from importing core or the proxy.
// test/types-node is such a project; it checks the built .d.ts files (`pnpm build` runs before tests in CI).
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { checkPublishedTypes } from '../../../scripts/check-published-types.ts';

const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));

it('the built types of core (with core/object) and the proxy check in a Node-only project without the DOM lib', async () => {
  const errors = await checkPublishedTypes(at('./types-node'), [
    at('../../core/dist/index.d.ts'),
    at('../../core/dist/server.d.ts'),
    at('../../core/dist/object.d.ts'),
    at('../dist/index.d.ts'),
    at('../dist/node.d.ts'),
  ]);
  expect(errors).toBe('');
}, 60_000);
