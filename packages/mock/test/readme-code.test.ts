// The README's TypeScript blocks, type-checked against the sources (scripts/readme-code.ts).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readmeModule, tsBlocks, typeErrors } from '../../../scripts/readme-code';

const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const check = (code: string) =>
  typeErrors(code, {
    fileName: at('./__readme__.ts'),
    paths: {
      '@using-ai/mock': [at('../src/index.ts')],
      '@using-ai/mock/msw': [at('../src/msw.ts')],
      '@using-ai/mock/testing': [at('../src/testing.ts')],
      '@using-ai/core': [at('../../core/src/index.ts')],
    },
    types: ['node'],
  });

describe('packages/mock/README.md', () => {
  const blocks = tsBlocks(readFileSync(at('../README.md'), 'utf8'));

  it('has TypeScript examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
  });

  it('every TypeScript block type-checks against the sources', () => {
    expect(check(readmeModule(blocks, ''))).toEqual([]);
  }, 60_000);

  it('the testing guide shows the example files run in CI, verbatim', () => {
    const readme = readFileSync(at('../README.md'), 'utf8');
    const tsx = [...readme.matchAll(/^```tsx\n([\s\S]*?)^```/gm)].map((m) => m[1]);
    for (const file of ['./examples/chat-box.tsx', './examples/chat-box.test.tsx']) {
      expect(tsx, file).toContain(readFileSync(at(file), 'utf8'));
    }
  });

  it('the check catches a block that misuses the API', () => {
    const wrong = [...blocks, 'const port: string = (await startMockServer()).port;'];
    expect(check(readmeModule(wrong, '')).join('\n')).toMatch(/not assignable to type 'string'/);
  }, 60_000);
});
