import { describe, expect, it } from 'vitest';
import { CliUsageError, parseCliArgs } from '../src/cli-args';

describe('parseCliArgs', () => {
  it('defaults to port 8788 and base /api/using-ai', () => {
    expect(parseCliArgs([])).toEqual({ help: false, options: { port: 8788, basePath: '/api/using-ai' } });
  });

  it('reads every flag, spaced or with =', () => {
    const args = parseCliArgs([
      '--port',
      '0',
      '--upstream=http://127.0.0.1:9',
      '--base',
      '/p',
      '--host',
      '0.0.0.0',
      '--allowed-models',
      'a, b',
      '--max-tokens',
      '100',
      '--cors',
      'http://x.test',
    ]);
    expect(args).toEqual({
      help: false,
      options: {
        port: 0,
        basePath: '/p',
        upstream: 'http://127.0.0.1:9',
        host: '0.0.0.0',
        allowedModels: ['a', 'b'],
        maxTokens: 100,
        cors: ['http://x.test'],
      },
    });
  });

  it('--no-resume turns durable streams off; --redis-url shares them', () => {
    expect(parseCliArgs(['--no-resume'])).toEqual({
      help: false,
      options: { port: 8788, basePath: '/api/using-ai', resume: false },
    });
    expect(parseCliArgs(['--redis-url', 'redis://127.0.0.1:6390'])).toEqual({
      help: false,
      options: { port: 8788, basePath: '/api/using-ai', redisUrl: 'redis://127.0.0.1:6390' },
    });
    expect(() => parseCliArgs(['--redis-url', 'http://x'])).toThrow(CliUsageError);
    expect(() => parseCliArgs(['--no-resume', '--redis-url', 'redis://x'])).toThrow(CliUsageError);
  });

  it('refuses unknown flags, missing values and bad ports', () => {
    expect(() => parseCliArgs(['--key', 'sk'])).toThrow(CliUsageError);
    expect(() => parseCliArgs(['--port'])).toThrow(CliUsageError);
    expect(() => parseCliArgs(['--port', '70000'])).toThrow(/--port/);
  });

  it('--help', () => {
    expect(parseCliArgs(['--help'])).toEqual({ help: true });
  });
});
