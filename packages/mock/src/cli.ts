#!/usr/bin/env node
// `using-ai-mock`: starts the emulator, prints where it is and which keys to use, stops on SIGINT/SIGTERM.
import { CLI_DEFAULTS, parseCliArgs, USAGE } from './cli-args';
import { defaultKeys } from './keys';
import { startMockServer } from './server';
import { DEFAULT_TIER_LIMITS } from './tiers';

async function main(): Promise<void> {
  const parsed = parseCliArgs(process.argv.slice(2));
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`using-ai-mock: ${parsed.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const options = parsed.options;
  const server = await startMockServer(options);
  const stop = (signal: NodeJS.Signals) => {
    process.stdout.write(`\nusing-ai-mock: ${signal}, shutting down\n`);
    server.close().then(
      () => {
        process.exitCode = 0;
      },
      (error: unknown) => {
        process.stderr.write(`using-ai-mock: close failed: ${String(error)}\n`);
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const keys = Object.entries(defaultKeys)
    .map(([key, tier]) => `    ${key.padEnd(22)} ${tier.padEnd(11)} ${DEFAULT_TIER_LIMITS[tier]} req/min`)
    .join('\n');
  process.stdout.write(
    `using.ai mock listening on ${server.url}\n` +
      `  baseURL: ${server.baseURL}\n` +
      `  keys:\n${keys}\n` +
      `  pacing: ttft ${options.ttftMs ?? CLI_DEFAULTS.ttftMs} ms, ${options.tokensPerSecond ?? CLI_DEFAULTS.tokensPerSecond} tokens/s, seed ${options.seed ?? 0}\n` +
      '  faults: X-Mock-Fault header or POST /__mock/faults; pacing: POST /__mock/config\n' +
      'Press Ctrl+C to stop.\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`using-ai-mock: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
