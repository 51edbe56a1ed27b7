#!/usr/bin/env node
// using-ai-proxy: the proxy as a standalone server. The key comes only from USING_AI_KEY (a flag would
// leave it in shell history and `ps`).
import { CliUsageError, parseCliArgs, USAGE } from './cli-args';
import { ProxyConfigError } from './config-error';
import { startProxyServer } from './proxy-server';

async function main(): Promise<void> {
  let args: ReturnType<typeof parseCliArgs>;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    process.stderr.write(`using-ai-proxy: ${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  let proxy: Awaited<ReturnType<typeof startProxyServer>>;
  try {
    proxy = await startProxyServer(args.options);
  } catch (error) {
    const message =
      error instanceof ProxyConfigError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`using-ai-proxy: ${message}\n`);
    process.exit(1);
  }
  process.stdout.write(`using-ai-proxy listening on ${proxy.url}\n`);

  const stop = (signal: string) => {
    process.stdout.write(`using-ai-proxy: ${signal}, stopping\n`);
    proxy.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

void main();
