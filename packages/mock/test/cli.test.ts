// The `using-ai-mock` CLI: flag parsing, and the real executable (bundled from src) started as a child
// process, answering HTTP and stopping cleanly on SIGTERM / SIGINT even with streams open.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_DEFAULTS, parseCliArgs } from '../src/cli-args';
import { chatRequest, readSse } from './support';

describe('parseCliArgs', () => {
  it('uses human-visible pacing by default', () => {
    expect(parseCliArgs([])).toEqual({ kind: 'run', options: { ...CLI_DEFAULTS } });
    expect(CLI_DEFAULTS.port).toBe(8787);
    expect(CLI_DEFAULTS.ttftMs).toBeGreaterThan(0);
    expect(CLI_DEFAULTS.tokensPerSecond).toBeGreaterThan(0);
  });

  it('reads every flag', () => {
    const parsed = parseCliArgs([
      '--port',
      '9000',
      '--host',
      '0.0.0.0',
      '--ttft-ms',
      '10',
      '--tokens-per-second',
      '5',
      '--seed',
      '3',
      '--headers-timeout-ms',
      '2000',
      '--request-timeout-ms',
      '0',
    ]);
    expect(parsed).toEqual({
      kind: 'run',
      options: {
        port: 9000,
        host: '0.0.0.0',
        ttftMs: 10,
        tokensPerSecond: 5,
        seed: 3,
        headersTimeoutMs: 2000,
        requestTimeoutMs: 0,
      },
    });
    expect(parseCliArgs(['--port=0'])).toMatchObject({ kind: 'run', options: { port: 0 } });
  });

  it('rejects bad values and unknown flags; --help', () => {
    expect(parseCliArgs(['--port', 'abc']).kind).toBe('error');
    expect(parseCliArgs(['--port', '70000']).kind).toBe('error');
    expect(parseCliArgs(['--ttft-ms', '-1']).kind).toBe('error');
    expect(parseCliArgs(['--warp']).kind).toBe('error');
    expect(parseCliArgs(['--headers-timeout-ms', '0']).kind).toBe('error');
    expect(parseCliArgs(['-h'])).toEqual({ kind: 'help' });
  });
});

describe('the executable', () => {
  let dir: string;
  let cli: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'using-ai-mock-cli-'));
    cli = join(dir, 'cli.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL('../src/cli.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      conditions: ['source'],
      outfile: cli,
      logLevel: 'silent',
    });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  function start(args: string[]): {
    child: ChildProcess;
    output: () => string;
    ready: Promise<string>;
    exit: Promise<number | null>;
  } {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const ready = new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', (data: Buffer) => {
        output += data.toString();
        const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
        if (url && output.includes('Press Ctrl+C')) resolve(url);
      });
      child.stderr?.on('data', (data: Buffer) => {
        output += data.toString();
      });
      child.once('exit', () => reject(new Error(`CLI exited early:\n${output}`)));
    });
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { child, output: () => output, ready, exit };
  }

  it('prints its URL and the keys, serves the API, and stops on SIGTERM with a stream open', async () => {
    const run = start(['--port', '0', '--ttft-ms', '0', '--tokens-per-second', '0', '--seed', '1']);
    const url = await run.ready;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const key of ['sk-test-standard', 'sk-test-donator', 'sk-test-supermaxes'])
      expect(run.output()).toContain(key);

    const ok = await readSse(
      await chatRequest(`${url}/v1`, {
        model: 'haiku-4.5',
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(ok.data.at(-1)).toBe('[DONE]');

    // A stalled stream must not keep the process alive.
    const stalled = await chatRequest(
      `${url}/v1`,
      { model: 'haiku-4.5', stream: true, messages: [{ role: 'user', content: 'hi' }] },
      { headers: { 'x-mock-fault': 'stall' } },
    );
    const pending = readSse(stalled);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect((await pending).error).toBeDefined();
  });

  it('survives a malformed Host and TRACE, and closes a connection whose headers never end', async () => {
    const run = start(['--port', '0', '--headers-timeout-ms', '300']);
    const url = new URL(await run.ready);
    const raw = (text: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(Number(url.port), url.hostname, () => socket.write(text));
        let received = '';
        socket.on('data', (chunk: Buffer) => {
          received += chunk.toString();
        });
        socket.on('error', reject);
        socket.on('close', () => resolve(received));
      });
    expect(await raw('GET /v1/models HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n')).toMatch(
      /^HTTP\/1\.1 400/,
    );
    expect(await raw('TRACE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 405/);
    // Resolves only once the server closes the half-sent request.
    await raw('GET /v1/models HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect(run.child.exitCode).toBeNull();
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
  });

  it('stops on SIGINT', async () => {
    const run = start(['--port', '0']);
    await run.ready;
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
    expect(run.output()).toContain('SIGINT');
  });

  it('exits with code 2 and the usage on a bad flag', async () => {
    const run = start(['--port', 'nope']);
    run.ready.catch(() => {});
    expect(await run.exit).toBe(2);
    expect(run.output()).toContain('Usage: using-ai-mock');
  });
});
