// Parses the CLI's flags into server options. Pure, so the parsing is tested without a process.
import { parseArgs } from 'node:util';
import type { MockServerOptions } from './server';

/** Pacing a human can watch: the library defaults to none, the CLI does not. */
export const CLI_DEFAULTS = {
  port: 8787,
  host: '127.0.0.1',
  ttftMs: 350,
  tokensPerSecond: 30,
  seed: 0,
  headersTimeoutMs: 60_000,
  requestTimeoutMs: 300_000,
} as const;

export const USAGE = `Usage: using-ai-mock [options]

A local emulator of the using.ai API (OpenAI-compatible).

Options:
  --port <n>               Port to listen on (default ${CLI_DEFAULTS.port}; 0 picks a free port)
  --host <host>            Interface to bind (default ${CLI_DEFAULTS.host})
  --ttft-ms <ms>           Time to first token (default ${CLI_DEFAULTS.ttftMs})
  --tokens-per-second <n>  Streaming speed; 0 = as fast as possible (default ${CLI_DEFAULTS.tokensPerSecond})
  --seed <n>               Seed for the deterministic answers (default ${CLI_DEFAULTS.seed})
  --headers-timeout-ms <ms>  Time a client has to send its headers, then 408 (default ${CLI_DEFAULTS.headersTimeoutMs})
  --request-timeout-ms <ms>  Time a client has to send its whole request; 0 = none (default ${CLI_DEFAULTS.requestTimeoutMs})
  -h, --help               Show this help
`;

export type CliParse =
  | { kind: 'help' }
  | { kind: 'error'; message: string }
  | { kind: 'run'; options: MockServerOptions };

function number(name: string, raw: string | undefined, fallback: number, min: number): number | string {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < min)
    return `--${name} must be a number >= ${min}; got "${raw}".`;
  return value;
}

export function parseCliArgs(argv: readonly string[]): CliParse {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'ttft-ms': { type: 'string' },
        'tokens-per-second': { type: 'string' },
        seed: { type: 'string' },
        'headers-timeout-ms': { type: 'string' },
        'request-timeout-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { kind: 'help' };
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const port = number('port', str('port'), CLI_DEFAULTS.port, 0);
  const ttftMs = number('ttft-ms', str('ttft-ms'), CLI_DEFAULTS.ttftMs, 0);
  const tokensPerSecond = number(
    'tokens-per-second',
    str('tokens-per-second'),
    CLI_DEFAULTS.tokensPerSecond,
    0,
  );
  const seed = number('seed', str('seed'), CLI_DEFAULTS.seed, Number.MIN_SAFE_INTEGER);
  const headersTimeoutMs = number(
    'headers-timeout-ms',
    str('headers-timeout-ms'),
    CLI_DEFAULTS.headersTimeoutMs,
    1,
  );
  const requestTimeoutMs = number(
    'request-timeout-ms',
    str('request-timeout-ms'),
    CLI_DEFAULTS.requestTimeoutMs,
    0,
  );
  for (const value of [port, ttftMs, tokensPerSecond, seed, headersTimeoutMs, requestTimeoutMs]) {
    if (typeof value === 'string') return { kind: 'error', message: value };
  }
  if (typeof port === 'number' && (!Number.isInteger(port) || port > 65535)) {
    return { kind: 'error', message: `--port must be an integer from 0 to 65535; got "${str('port')}".` };
  }
  return {
    kind: 'run',
    options: {
      port: port as number,
      host: str('host') ?? CLI_DEFAULTS.host,
      ttftMs: ttftMs as number,
      tokensPerSecond: tokensPerSecond as number,
      seed: seed as number,
      headersTimeoutMs: headersTimeoutMs as number,
      requestTimeoutMs: requestTimeoutMs as number,
    },
  };
}
