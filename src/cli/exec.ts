/**
 * `stigg-emulator exec [flags] -- <command> [args...]`: start an emulator (a free port unless
 * `--port` is given), wait until it is ready, run the command with the emulator's URLs and keys in
 * its environment, forward SIGINT, SIGTERM and SIGHUP to it, stop the emulator when it ends and
 * exit with its exit code (128 + the signal's number when a signal ended it). Like Firebase's
 * `emulators:exec`: nothing of it remains running afterwards.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { CommanderError } from 'commander';
import { ConfigError, loadConfig } from '../config.js';
import { createEmulator, ListenError, type Emulator } from '../emulator.js';
import { FixtureError } from '../fixtures/load.js';
import { createLogger, defaultLogFormat } from '../logging/logger.js';
import { watchParent } from './lifetime.js';

/** The variables the command finds in its environment. */
export interface ExecEnvironment {
  /** the emulator's main URL (GraphQL at /graphql, the control plane at /_emulator) */
  STIGG_EMULATOR_URL: string;
  /** where the edge routes are served: the edge port's URL when one is open, else the main URL (which serves them too) */
  STIGG_EMULATOR_EDGE_URL: string;
  /** the server key of environment `local` */
  STIGG_API_KEY: string;
  /** the client (publishable) key of environment `local` */
  STIGG_CLIENT_API_KEY: string;
  /** the base URL Stigg's REST SDKs read */
  STIGG_BASE_URL: string;
}

export function execEnvironment(url: string, edgeUrl: string | null): ExecEnvironment {
  return {
    STIGG_EMULATOR_URL: url,
    STIGG_EMULATOR_EDGE_URL: edgeUrl ?? url,
    STIGG_API_KEY: 'server-local',
    STIGG_CLIENT_API_KEY: 'client-local',
    STIGG_BASE_URL: url,
  };
}

const USAGE = 'usage: stigg-emulator exec [flags] -- <command> [args...]';

/** Split `[flags] -- command...`; without `--`, everything is the command when it does not start with a flag. */
export function splitExecArgs(args: string[]): { flags: string[]; command: string[] } {
  const separator = args.indexOf('--');
  if (separator >= 0) return { flags: args.slice(0, separator), command: args.slice(separator + 1) };
  if (args.length > 0 && !args[0]!.startsWith('-')) return { flags: [], command: args };
  return { flags: args, command: [] };
}

const hasFlag = (flags: string[], name: string) => flags.some((f) => f === name || f.startsWith(`${name}=`));

/** The emulator's flags under exec: a free port and no edge port unless asked for, warnings only unless a level is set. */
export function execFlags(flags: string[], env: Record<string, string | undefined>): string[] {
  const defaults: string[] = [];
  if (!hasFlag(flags, '--port')) defaults.push('--port', '0');
  if (!hasFlag(flags, '--edge-port')) defaults.push('--edge-port', '-1');
  if (!hasFlag(flags, '--log-level') && !env.STIGG_EMULATOR_LOG_LEVEL) defaults.push('--log-level', 'warn');
  return [...defaults, ...flags];
}

export async function runExec(args: string[]): Promise<never> {
  const { flags, command } = splitExecArgs(args);
  if (command.length === 0) {
    process.stderr.write(`stigg-emulator: exec needs a command to run\n${USAGE}\n`);
    process.exit(2);
  }
  let config;
  try {
    config = loadConfig(execFlags(flags, process.env), process.env);
  } catch (error) {
    if (error instanceof CommanderError && (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')) process.exit(0);
    if (error instanceof ConfigError) {
      process.stderr.write(`stigg-emulator: ${error.message}\n${USAGE}\n`);
      process.exit(1);
    }
    throw error;
  }
  // the command owns stdout: the emulator logs on stderr
  const logger = createLogger(config.logLevel, { format: config.logFormat ?? defaultLogFormat(2), fd: 2 });
  let emulator: Emulator;
  let urls: { url: string; edgeUrl: string | null };
  try {
    emulator = createEmulator({ config, logger });
    urls = await emulator.listen();
  } catch (error) {
    if (error instanceof FixtureError || error instanceof ListenError) {
      process.stderr.write(`stigg-emulator: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  logger.info({ url: urls.url, edgeUrl: urls.edgeUrl, command: command.join(' ') }, 'ready; running the command');

  const child = spawn(command[0]!, command.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, ...execEnvironment(urls.url, urls.edgeUrl) },
  });
  const forward = (signal: NodeJS.Signals) => {
    logger.debug({ signal }, 'forwarding the signal to the command');
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, () => forward(signal));
  // exec's own parent going away (its terminal closed, the CI step killed) ends the command too
  if (config.exitWithParent) watchParent((reason) => {
    logger.warn({ reason }, 'stopping the command');
    forward('SIGTERM');
  });

  const code = await new Promise<number>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      const notFound = error.code === 'ENOENT';
      process.stderr.write(`stigg-emulator: cannot run ${command[0]}: ${notFound ? 'command not found' : error.message}\n`);
      resolve(notFound ? 127 : 126);
    });
    child.once('exit', (exitCode, signal) => {
      resolve(exitCode ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
  try {
    await emulator.close();
  } catch (error) {
    logger.error({ err: error }, 'error while stopping the emulator');
  }
  process.exit(code);
}
