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
      '@using-ai/core': [at('../src/index.ts')],
      '@using-ai/core/persistence': [at('../src/persistence/index.ts')],
    },
  });

// What the prose leaves implicit: a request, a render function, the chunks of an earlier stream...
const PRELUDE = `
import * as core from '@using-ai/core';
const { createApiError, StreamInterruptedError, TimeoutError } = core;
declare function render(text: string): void;
declare function keep(text: string): void;
declare const stopButton: { onclick: (() => void) | null };
declare const request: core.ChatCompletionRequest;
declare const chunks: core.ChatCompletionChunk[];
type ToolCall = core.ToolCall;
type Usage = core.Usage;
declare const client: core.UsingAiClient;
declare const stream: core.ChatStream;
declare const chat: core.ChatSession;
`;

describe('packages/core/README.md', () => {
  const blocks = tsBlocks(readFileSync(at('../README.md'), 'utf8'));

  it('has TypeScript examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
  });

  it('every TypeScript block type-checks against the sources', () => {
    expect(check(readmeModule(blocks, PRELUDE))).toEqual([]);
  }, 60_000);

  it('the check catches a block that misuses the API', () => {
    const wrong = [...blocks, 'const n: number = (await client.complete(request)).message;'];
    expect(check(readmeModule(wrong, PRELUDE)).join('\n')).toMatch(/not assignable to type 'number'/);
  }, 60_000);
});
