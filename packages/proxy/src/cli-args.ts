// Parses `using-ai-proxy` arguments. Pure: returns options or a usage error, never exits.
import type { ProxyServerOptions } from './proxy-server';
import { DEFAULT_BASE_PATH, DEFAULT_PORT } from './proxy-server';

export const USAGE = `Usage: using-ai-proxy [--port 8788] [--host 127.0.0.1] [--upstream URL] [--base /api/using-ai]
                      [--allowed-models a,b] [--max-tokens N] [--cors origin1,origin2]
Reads the API key from USING_AI_KEY. Stops on Ctrl-C (SIGINT) or SIGTERM.`;

export type CliArgs = { help: true } | { help: false; options: ProxyServerOptions };

const FLAGS = new Set([
  '--port',
  '--host',
  '--upstream',
  '--base',
  '--allowed-models',
  '--max-tokens',
  '--cors',
]);

export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') return { help: true };
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg];
    if (!FLAGS.has(flag as string)) throw new CliUsageError(`Unknown argument "${arg}".`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new CliUsageError(`${flag} needs a value.`);
    values.set(flag as string, value);
  }

  const options: ProxyServerOptions = {
    port: integer(values.get('--port'), '--port', DEFAULT_PORT, 0, 65_535),
    basePath: values.get('--base') ?? DEFAULT_BASE_PATH,
  };
  const host = values.get('--host');
  if (host !== undefined) options.host = host;
  const upstream = values.get('--upstream');
  if (upstream !== undefined) options.upstream = upstream;
  const models = values.get('--allowed-models');
  if (models !== undefined) options.allowedModels = list(models);
  const maxTokens = values.get('--max-tokens');
  if (maxTokens !== undefined)
    options.maxTokens = integer(maxTokens, '--max-tokens', 0, 1, Number.MAX_SAFE_INTEGER);
  const cors = values.get('--cors');
  if (cors !== undefined) options.cors = list(cors);
  return { help: false, options };
}

function integer(raw: string | undefined, flag: string, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new CliUsageError(`${flag} must be an integer from ${min} to ${max}, got "${raw}".`);
  }
  return value;
}

function list(raw: string): string[] {
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
