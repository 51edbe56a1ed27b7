// Every README example, run as written (the code lives in test/examples/ and is copied verbatim into
// the README), in front of the real emulator. Only the listen call differs: port 0 instead of a fixed one.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type MockServer, startMockServer } from '@using-ai/mock';
import { build } from 'esbuild';
import { createServer as createViteServer, preview as vitePreview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toNodeHandler } from '../src/index';

let mock: MockServer;
const saved = { key: process.env.USING_AI_KEY, upstream: process.env.USING_AI_UPSTREAM };

beforeAll(async () => {
  mock = await startMockServer();
  process.env.USING_AI_KEY = 'sk-test-donator';
  process.env.USING_AI_UPSTREAM = mock.url;
});
afterAll(async () => {
  await mock.close();
  for (const [name, value] of [
    ['USING_AI_KEY', saved.key],
    ['USING_AI_UPSTREAM', saved.upstream],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const BODY = {
  model: 'haiku-4.5',
  messages: [{ role: 'user', content: 'Say hello in one word.' }],
  stream: true,
};
const post = (url: string, body: unknown = BODY, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

async function expectStream(res: Response): Promise<void> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const text = await res.text();
  expect(text).toContain('"delta"');
  expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
}

async function listen(
  listener: Parameters<typeof createServer>[1],
): Promise<{ origin: string; close(): Promise<void> }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('README: Next.js route', () => {
  it('POST and GET handle requests the way Next.js calls them', async () => {
    const route = await import('./examples/next-route');
    await expectStream(
      await route.POST(
        new Request('http://localhost:3000/api/using-ai/chat/completions', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(BODY),
        }),
      ),
    );
    const models = await (await route.GET(new Request('http://localhost:3000/api/using-ai/models'))).json();
    expect(models.data.map((m: { id: string }) => m.id)).toEqual([
      'haiku-4.5',
      'deepseek-r2',
      'sonnet-4.5-thinking',
    ]);
    const refused = await route.POST(
      new Request('http://localhost:3000/api/using-ai/chat/completions', {
        method: 'POST',
        body: JSON.stringify({ ...BODY, model: 'opus-4.5' }),
      }),
    );
    expect(refused.status).toBe(403);
  });

  it('GET resumes and DELETE stops a durable stream through the same route', async () => {
    const route = await import('./examples/next-route');
    const started = await route.POST(
      new Request('http://localhost:3000/api/using-ai/chat/completions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(BODY),
      }),
    );
    const streamId = started.headers.get('x-stream-id');
    expect(streamId).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    await started.text();
    const url = `http://localhost:3000/api/using-ai/chat/completions/${streamId}`;
    const replay = await route.GET(new Request(url));
    expect(replay.headers.get('content-type')).toContain('text/event-stream');
    expect(await replay.text()).toContain('data: [DONE]');
    expect((await route.DELETE(new Request(url, { method: 'DELETE' }))).status).toBe(204);
    expect((await route.DELETE(new Request(`${url}x`, { method: 'DELETE' }))).status).toBe(404);
  });
});

describe('README: Express', () => {
  it('serves the proxy under its mount path next to other routes', async () => {
    const { app } = await import('./examples/express-app');
    const server = await listen(app);
    try {
      await expectStream(await post(`${server.origin}/api/using-ai/chat/completions`));
      expect(await (await fetch(`${server.origin}/health`)).json()).toEqual({ ok: true });
      expect((await fetch(`${server.origin}/api/using-ai/nope`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

describe('README: Hono', () => {
  it('mounts with app.all and the raw Request', async () => {
    const { app } = await import('./examples/hono-app');
    const server = await listen(
      toNodeHandler((request) => app.fetch(request)) as Parameters<typeof createServer>[1],
    );
    try {
      await expectStream(
        await post(`${server.origin}/api/using-ai/chat/completions`, BODY, { 'x-user-id': 'u1' }),
      );
      expect((await post(`${server.origin}/api/using-ai/chat/completions`)).status).toBe(401);
    } finally {
      await server.close();
    }
  });
});

describe('README: Vite plugin', () => {
  const root = mkdtempSync(join(tmpdir(), 'using-ai-proxy-vite-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('serves the proxy under vite dev', async () => {
    const config = (await import('./examples/vite.config.example')).default;
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
    const server = await createViteServer({
      ...config,
      root,
      configFile: false,
      logLevel: 'silent',
      server: { port: 0, host: '127.0.0.1' },
    });
    await server.listen();
    try {
      const origin = `http://127.0.0.1:${(server.httpServer!.address() as AddressInfo).port}`;
      await expectStream(await post(`${origin}/api/using-ai/chat/completions`));
      expect(
        (await post(`${origin}/api/using-ai/chat/completions`, { ...BODY, model: 'opus-4.5' })).status,
      ).toBe(403);
      expect((await fetch(`${origin}/api/using-ai/models`)).status).toBe(200);
      // Everything else is still Vite's.
      expect(await (await fetch(`${origin}/`)).text()).toContain('<title>app</title>');
    } finally {
      await server.close();
    }
  });

  it('serves the proxy under vite preview', async () => {
    const config = (await import('./examples/vite.config.example')).default;
    mkdirSync(join(root, 'dist'), { recursive: true });
    writeFileSync(join(root, 'dist', 'index.html'), '<!doctype html><title>built</title>');
    const server = await vitePreview({
      ...config,
      root,
      configFile: false,
      logLevel: 'silent',
      preview: { port: 0, host: '127.0.0.1' },
    });
    try {
      const origin = `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}`;
      await expectStream(await post(`${origin}/api/using-ai/chat/completions`));
      expect(await (await fetch(`${origin}/`)).text()).toContain('<title>built</title>');
    } finally {
      await server.close();
    }
  });
});

describe('README: CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'using-ai-proxy-cli-'));
  const cli = join(dir, 'cli.mjs');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    // The same source tsup turns into dist/cli.js, bundled on the fly so the test never runs a stale build.
    await build({
      entryPoints: [fileURLToPath(new URL('../src/cli.ts', import.meta.url))],
      outfile: cli,
      bundle: true,
      platform: 'node',
      format: 'esm',
      conditions: ['source'],
      logLevel: 'silent',
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
    });
  });

  function run(
    args: string[],
    env: Record<string, string | undefined>,
  ): { child: ChildProcess; url: Promise<string>; exit: Promise<number | null>; output: () => string } {
    const child = spawn(process.execPath, [cli, ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const url = new Promise<string>((resolve) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { child, url, exit, output: () => output };
  }

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'USING_AI_KEY=… using-ai-proxy --port 0 --upstream URL serves, prints its URL, stops on %s',
    async (signal) => {
      const proc = run(['--port', '0', '--upstream', mock.url], { USING_AI_KEY: 'sk-test-donator' });
      const url = await proc.url;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/using-ai$/);
      await expectStream(await post(`${url}/chat/completions`));
      expect(proc.output()).not.toContain('sk-test-donator');
      proc.child.kill(signal);
      expect(await proc.exit).toBe(0);
    },
  );

  it('--base changes the mount point', async () => {
    const proc = run(['--port', '0', '--upstream', mock.url, '--base', '/llm'], {
      USING_AI_KEY: 'sk-test-donator',
    });
    const url = await proc.url;
    expect(url.endsWith('/llm')).toBe(true);
    expect((await fetch(`${url}/models`)).status).toBe(200);
    proc.child.kill('SIGTERM');
    await proc.exit;
  });

  it('--help prints the usage and exits 0; a bad flag prints it on stderr and exits 2', async () => {
    const help = run(['--help'], {});
    expect(await help.exit).toBe(0);
    expect(help.output()).toContain('--upstream');
    const bad = run(['--port', '0', '--bogus'], { USING_AI_KEY: 'sk-test-donator' });
    expect(await bad.exit).toBe(2);
    expect(bad.output()).toContain('--bogus');
    expect(bad.output()).toContain('--upstream');
  });

  it('--allowed-models, --max-tokens and --cors reach the server', async () => {
    const proc = run(
      [
        '--port',
        '0',
        '--upstream',
        mock.url,
        '--allowed-models',
        'haiku-4.5,deepseek-r2',
        '--max-tokens',
        '64',
        '--cors',
        'https://app.example',
      ],
      { USING_AI_KEY: 'sk-test-donator' },
    );
    const url = await proc.url;
    const models = (await (await fetch(`${url}/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((m) => m.id)).toEqual(['haiku-4.5', 'deepseek-r2']);
    const body = { model: 'haiku-4.5', messages: [{ role: 'user', content: 'Hi' }] };
    const tooMany = await fetch(`${url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, max_tokens: 65 }),
    });
    expect(tooMany.status).toBe(400);
    await tooMany.text();
    const forbidden = await fetch(`${url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, model: 'opus-4.5' }),
    });
    expect(forbidden.status).toBe(403);
    await forbidden.text();
    const preflight = await fetch(`${url}/chat/completions`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
    proc.child.kill('SIGTERM');
    expect(await proc.exit).toBe(0);
  });

  it('stops cleanly on SIGTERM while a stream is open', async () => {
    const proc = run(['--port', '0', '--upstream', mock.url], { USING_AI_KEY: 'sk-test-donator' });
    const url = await proc.url;
    const res = await fetch(`${url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'haiku-4.5',
        stream: true,
        messages: [{ role: 'user', content: 'Write a long story about a lighthouse keeper. '.repeat(20) }],
      }),
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await reader.read();
    proc.child.kill('SIGTERM');
    expect(await proc.exit).toBe(0);
    await reader.cancel().catch(() => {});
  });

  it('exits 1 with a clear message when USING_AI_KEY is missing', async () => {
    const proc = run(['--port', '0'], {});
    expect(await proc.exit).toBe(1);
    expect(proc.output()).toContain('USING_AI_KEY');
  });
});
