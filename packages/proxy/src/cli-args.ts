// Parses `using-ai-proxy` arguments. Pure: returns options or a usage error, never exits.
import type { ProxyServerOptions } from './proxy-server';
import { DEFAULT_BASE_PATH, DEFAULT_PORT } from './proxy-server';

export const USAGE = `Usage: using-ai-proxy [--port 8788] [--host 127.0.0.1] [--upstream URL] [--base /api/using-ai]
                      [--allowed-models a,b] [--max-tokens N] [--cors origin1,origin2]
                      [--no-resume | --redis-url redis://host:6379]
Streams are durable (resumable, stopped by DELETE) unless --no-resume; --redis-url shares them between
instances (needs the ioredis package). Reads the API key from USING_AI_KEY. Stops on Ctrl-C or SIGTERM.`;

export type CliArgs = { help: true } | { help: false; options: ProxyServerOptions };

const FLAGS = new Set([
  '--port',
  '--host',
  '--upstream',
  '--base',
  '--allowed-models',
  '--max-tokens',
  '--cors',
  '--redis-url',
]);

export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') return { help: true };
    if (arg === '--no-resume') {
      values.set(arg, 'true');
      continue;
    }
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg];
    if (!FLAGS.has(flag as string)) throw new CliUsageError(`Unknown argument "${arg}".`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new CliUsageError(`${flag} needs a value.`);
    values.set(flag as string, value);
  }

  if (values.has('--no-resume') && values.has('--redis-url')) {
    throw new CliUsageError('--no-resume and --redis-url cannot be used together.');
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
  if (values.has('--no-resume')) options.resume = false;
  const redisUrl = values.get('--redis-url');
  if (redisUrl !== undefined) {
    if (!/^rediss?:\/\//.test(redisUrl))
      throw new CliUsageError(`--redis-url must be a redis:// or rediss:// URL.`);
    options.redisUrl = redisUrl;
  }
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
