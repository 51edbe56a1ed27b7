// Servers for the proxy benches, each a small ESM program in its own process importing the built
// packages. A program prints `{"url"}` once it listens, then answers one JSON line per command on stdin:
// `mem` (memory after a GC), `cpu` (CPU time so far), `config {...}` (its `commands.config`), `exit`.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Appended to each program: it calls `__SERVE__(url)` and defines `commands`. */
const SERVE = `
    function __SERVE__(url) {
      console.log(JSON.stringify({ url }));
      let buffer = '';
      process.stdin.on('data', (data) => {
        buffer += data;
        for (let i = buffer.indexOf('\\n'); i !== -1; i = buffer.indexOf('\\n')) {
          const line = buffer.slice(0, i); buffer = buffer.slice(i + 1);
          const [name, ...rest] = line.split(' ');
          if (name === 'cpu') { const c = process.cpuUsage(); console.log(JSON.stringify({ cpuMs: (c.user + c.system) / 1000 })); }
          else if (name === 'mem') { globalThis.gc?.(); const m = process.memoryUsage(); console.log(JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed, external: m.external })); }
          else if (commands[name]) { commands[name](rest.join(' ')); console.log('{}'); }
          else if (name === 'exit') process.exit(0);
        }
      });
    }`;

/** The emulator, with `config` forwarding to `server.configure`. */
export const MOCK_PROGRAM = `
    import { startMockServer } from '@using-ai/mock';
    const server = await startMockServer({ rateLimit: false });
    const commands = { config: (arg) => server.configure(JSON.parse(arg)) };
    __SERVE__(server.url);`;

/**
 * @using-ai/proxy's startProxyServer; env USING_AI_KEY, UPSTREAM, optional PROXY_OPTIONS (JSON) and
 * PROXY_FETCH=1 (upstream calls with the global fetch instead of the Node default, undici's request).
 */
export const PROXY_PROGRAM = `
    import { startProxyServer } from '@using-ai/proxy/node';
    const fetchUpstream = process.env.PROXY_FETCH === '1' ? { fetch: globalThis.fetch } : {};
    const server = await startProxyServer({ port: 0, apiKey: process.env.USING_AI_KEY, upstream: process.env.UPSTREAM, ...fetchUpstream, ...JSON.parse(process.env.PROXY_OPTIONS ?? '{}') });
    const commands = {};
    __SERVE__(server.url);`;

export interface Child {
  url: string;
  ask(command: string): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

export async function startChild(program: string, env: Record<string, string> = {}): Promise<Child> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--expose-gc', '--input-type=module', '-e', program + SERVE],
    { cwd: BENCH_DIR, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! });
  const waiting: Array<(line: string) => void> = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  const { url } = JSON.parse(await next()) as { url: string };
  return {
    url,
    ask: async (command) => {
      const answer = next();
      child.stdin!.write(`${command}\n`);
      return JSON.parse(await answer);
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.stdin!.write('exit\n');
      }),
  };
}
