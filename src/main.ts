#!/usr/bin/env node
/**
 * Process entry: config -> emulator -> listen -> signals (and the parent's or stdin's end).
 * `stigg-emulator exec ... -- <command>` runs a command against an emulator instead (src/cli/exec.ts).
 */
import { CommanderError } from 'commander';
import { runExec } from './cli/exec.js';
import { watchParent, watchStdin } from './cli/lifetime.js';
import { ConfigError, loadConfig } from './config.js';
import { createEmulator, ListenError, type Emulator } from './emulator.js';
import { FixtureError } from './fixtures/load.js';
import { createLogger, defaultLogFormat } from './logging/logger.js';

let emulator: Emulator | undefined;
let stopping = false;

/** Stop on SIGTERM/SIGINT/SIGHUP (or the parent's or stdin's end) at any point, also before the emulator is ready. */
function stop(reason: string): void {
  if (stopping) return;
  stopping = true;
  if (!emulator) process.exit(0);
  emulator.logger.info({ reason }, 'stopping');
  emulator
    .close()
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      emulator?.logger.error({ err: error }, 'error while stopping');
      process.exit(1);
    });
}
/**
 * The handlers that close cleanly are installed once the seed is loaded. Loading is synchronous
 * work that a JavaScript handler could not interrupt, so until then SIGTERM and SIGINT keep their
 * default action and end the process at once (nothing is written to the data directory before
 * the emulator serves).
 */
function handleSignals(): void {
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', () => stop('SIGHUP'));
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === 'exec') return runExec(argv.slice(1));
  let config;
  try {
    config = loadConfig(argv, process.env);
  } catch (error) {
    if (error instanceof CommanderError && (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')) process.exit(0);
    if (error instanceof ConfigError) {
      process.stderr.write(`stigg-emulator: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel, { format: config.logFormat ?? defaultLogFormat(1) });
  // stopping whoever started the emulator stops it (from the start: a parent gone while the seed loads counts too)
  if (config.exitWithParent) watchParent((reason) => stop(reason));
  if (config.exitOnStdinClose) watchStdin((reason) => stop(reason));
  try {
    logger.info({ fixtures: config.fixtures.length > 0 ? config.fixtures : ['(built-in demo seed)'] }, 'loading the seed');
    emulator = createEmulator({ config, logger });
    handleSignals();
  } catch (error) {
    if (error instanceof FixtureError) {
      process.stderr.write(`stigg-emulator: ${error.message}\n`);
      logger.fatal({ problems: error.problems }, 'invalid fixtures');
      process.exit(1);
    }
    throw error;
  }
  let urls;
  try {
    if (stopping) return;
    urls = await emulator.listen();
  } catch (error) {
    if (error instanceof ListenError) {
      // one line a person reads, no stack: the port, and the setting that chose it
      process.stderr.write(`stigg-emulator: ${error.message}\n`);
      process.exit(1);
    }
    logger.fatal({ err: error }, 'cannot listen');
    process.exit(1);
  }
  logger.info({ url: urls.url, graphql: `${urls.url}/graphql`, edgeUrl: urls.edgeUrl, governance: `${urls.url}/governance`, inspector: `${urls.url}/_emulator/ui` }, 'ready');
}

main().catch((error: unknown) => {
  process.stderr.write(`stigg-emulator: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
