// @vitest-environment node
// Acceptance for issue #16, React part: an app that only uses useStreamingChat builds without
// @tanstack/react-query (bundled from the package's own entry, with TanStack refused like an app that does
// not have it). Node environment: esbuild refuses jsdom's TextEncoder. (That the hook then streams without a
// QueryClientProvider is what every jsdom test of useStreamingChat shows.)
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';

const withoutReactQuery: Plugin = {
  name: 'without-react-query',
  setup(builder) {
    builder.onResolve({ filter: /^@tanstack\// }, (args) => ({
      errors: [{ text: `${args.path} is not installed (imported by ${args.importer})` }],
    }));
  },
};

const bundle = (contents: string) =>
  build({
    stdin: { contents, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'tsx' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    jsx: 'automatic',
    // The workspace's "source" export condition: the package's entries as they are published, from source.
    conditions: ['source'],
    external: ['react', 'react-dom', 'react/jsx-runtime'],
    plugins: [withoutReactQuery],
    logLevel: 'silent',
  });

describe('issue 16: @using-ai/react without @tanstack/react-query', () => {
  it('an app importing useStreamingChat (and useStreamingObject, useChatList) from the root builds', async () => {
    const result = await bundle(
      `import { useStreamingChat, useChatList, useStreamingObject, UsingAiProvider } from '@using-ai/react';
       console.log(useStreamingChat, useChatList, useStreamingObject, UsingAiProvider);`,
    );
    expect(result.errors).toEqual([]);
  });

  it('the query entry does need it (so the guard above is real)', async () => {
    await expect(
      bundle(`import { useChatCompletion } from '@using-ai/react/query'; console.log(useChatCompletion);`),
    ).rejects.toThrow(/@tanstack/);
  });
});
