/**
 * Settings. The only reader of process.env and argv: every setting is a flag and an environment
 * variable, the flag wins, and every problem is reported at once.
 */
import { Command, Option } from 'commander';
import { z } from 'zod';
import { PACKAGE_VERSION } from './paths.js';
import { INSTANT_BOUNDS, instantInBounds } from './time.js';
import { addHardeningOptions, DEFAULT_HARDENING, HARDENING_ENV, hardeningSchema, hardeningValues, type HardeningConfig } from './config-limits.js';

export const LOG_LEVELS = ['silent', 'fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface EmulatorConfig extends HardeningConfig {
  port: number;
  edgePort: number;
  host: string;
  /** fixture files or directories; empty = the built-in demo seed */
  fixtures: string[];
  dataDir: string | null;
  startTime: Date | null;
  strictKeys: boolean;
  logLevel: LogLevel;
  /** `pretty` (readable lines) or `json` (JSON lines); null = pretty when stdout is a terminal, JSON otherwise */
  logFormat: LogFormat | null;
  /**
   * The process exits (cleanly, as on SIGTERM) when its parent process goes away: stopping the
   * process that started it (npx, npm start, a test runner) never leaves the emulator running
   */
  exitWithParent: boolean;
  /** the process exits when its standard input closes (`docker run -i`: the client going away closes it) */
  exitOnStdinClose: boolean;
  /** origins a browser page may call from; `*` = any */
  corsOrigins: string[];
}

export const DEFAULT_CONFIG: EmulatorConfig = {
  ...DEFAULT_HARDENING,
  port: 4000,
  edgePort: 3060,
  host: '127.0.0.1',
  fixtures: [],
  dataDir: null,
  startTime: null,
  strictKeys: false,
  logLevel: 'info',
  logFormat: null,
  exitWithParent: true,
  exitOnStdinClose: false,
  corsOrigins: ['*'],
};

const port = (name: string, min: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, `${name} must be an integer`)
    .transform(Number)
    .pipe(z.number().int().min(min, `${name} must be >= ${min}`).max(65535, `${name} must be <= 65535`));

const bool = (name: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => ['', 'true', 'false', '1', '0', 'yes', 'no', 'on', 'off'].includes(v), `${name} must be true or false`)
    .transform((v) => ['', 'true', '1', 'yes', 'on'].includes(v));

const rawSchema = z.object({
  ...hardeningSchema,
  port: port('port', 0).optional(),
  edgePort: port('edge-port', -1).optional(),
  host: z.string().trim().min(1, 'host must not be empty').optional(),
  fixtures: z
    .array(z.string())
    .transform((list) => list.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean))
    .optional(),
  dataDir: z.string().trim().min(1, 'data-dir must not be empty').optional(),
  startTime: z
    .string()
    .trim()
    .refine((v) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v)), { message: 'start-time must be an ISO-8601 instant, e.g. 2025-01-01T00:00:00Z', abort: true })
    .refine((v) => instantInBounds(Date.parse(v)), `start-time must be between ${INSTANT_BOUNDS}`)
    .transform((v) => new Date(v))
    .optional(),
  strictKeys: bool('strict-keys').optional(),
  logLevel: z.enum(LOG_LEVELS, { message: `log-level must be one of ${LOG_LEVELS.join(', ')}` }).optional(),
  logFormat: z.enum(LOG_FORMATS, { message: `log-format must be one of ${LOG_FORMATS.join(', ')}` }).optional(),
  exitWithParent: bool('exit-with-parent').optional(),
  exitOnStdinClose: bool('exit-on-stdin-close').optional(),
  corsOrigins: z
    .string()
    .transform((v) => v.split(',').map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean))
    .pipe(
      z
        .array(z.string().refine((o) => o === '*' || /^https?:\/\/[^/\s]+$/.test(o), { message: 'cors-origins: each origin must be * or scheme://host[:port], e.g. http://localhost:5173' }))
        .min(1, 'cors-origins must name at least one origin (or *)'),
    )
    .optional(),
});

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const ENV: Record<keyof z.input<typeof rawSchema>, string[]> = {
  ...HARDENING_ENV,
  port: ['STIGG_EMULATOR_PORT', 'PORT'],
  edgePort: ['STIGG_EMULATOR_EDGE_PORT'],
  host: ['STIGG_EMULATOR_HOST'],
  fixtures: ['STIGG_EMULATOR_FIXTURES'],
  dataDir: ['STIGG_EMULATOR_DATA_DIR'],
  startTime: ['STIGG_EMULATOR_START_TIME'],
  strictKeys: ['STIGG_EMULATOR_STRICT_KEYS'],
  logLevel: ['STIGG_EMULATOR_LOG_LEVEL'],
  logFormat: ['STIGG_EMULATOR_LOG_FORMAT'],
  exitWithParent: ['STIGG_EMULATOR_EXIT_WITH_PARENT'],
  exitOnStdinClose: ['STIGG_EMULATOR_EXIT_ON_STDIN_CLOSE'],
  corsOrigins: ['STIGG_EMULATOR_CORS_ORIGINS'],
};

export function buildCli(): Command {
  return new Command('stigg-emulator')
    .description('A local, offline emulator of Stigg')
    .version(PACKAGE_VERSION, '-v, --version', 'print the version and exit')
    .addOption(new Option('--port <port>', 'main port (0 = pick a free port) [env STIGG_EMULATOR_PORT, PORT]'))
    .addOption(new Option('--edge-port <port>', 'edge-only port, -1 disables [env STIGG_EMULATOR_EDGE_PORT]'))
    .addOption(new Option('--host <host>', 'bind address [env STIGG_EMULATOR_HOST]'))
    .addOption(
      new Option('--fixtures <paths...>', 'fixture files or directories, YAML or JSON (repeatable, comma-separated) [env STIGG_EMULATOR_FIXTURES]'),
    )
    .addOption(new Option('--data-dir <dir>', 'keep each environment in a SQLite file here [env STIGG_EMULATOR_DATA_DIR]'))
    .addOption(new Option('--start-time <iso>', 'instant every new environment clock starts at [env STIGG_EMULATOR_START_TIME]'))
    .addOption(new Option('--strict-keys [bool]', 'accept only keys declared in fixtures [env STIGG_EMULATOR_STRICT_KEYS]'))
    .addOption(new Option('--log-level <level>', `${LOG_LEVELS.join('|')} [env STIGG_EMULATOR_LOG_LEVEL]`))
    .addOption(new Option('--log-format <format>', 'pretty|json (default: pretty on a terminal, JSON lines otherwise) [env STIGG_EMULATOR_LOG_FORMAT]'))
    .addOption(new Option('--exit-with-parent [bool]', 'exit when the parent process goes away (default true) [env STIGG_EMULATOR_EXIT_WITH_PARENT]'))
    .addOption(new Option('--no-exit-with-parent', 'keep running when the parent process goes away (e.g. started with nohup)'))
    .addOption(new Option('--exit-on-stdin-close [bool]', 'exit when standard input closes, e.g. docker run -i (default false) [env STIGG_EMULATOR_EXIT_ON_STDIN_CLOSE]'))
    .addOption(new Option('--cors-origins <origins>', 'origins a browser page may call from, comma-separated, * = any [env STIGG_EMULATOR_CORS_ORIGINS]'))
    .allowExcessArguments(false)
    .addHelpText(
      'after',
      `
Run a command against a fresh emulator (a free port; stopped when the command ends):
  stigg-emulator exec [flags] -- <command> [args...]
  sets STIGG_EMULATOR_URL, STIGG_EMULATOR_EDGE_URL, STIGG_API_KEY, STIGG_CLIENT_API_KEY and STIGG_BASE_URL`,
    )
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: (s) => process.stdout.write(s) });
}

/** Parse argv (without node and script) and an environment into a validated config. Throws ConfigError. */
export function loadConfig(argv: string[], env: Record<string, string | undefined>): EmulatorConfig {
  const problems: string[] = [];
  let flags: Record<string, unknown> = {};
  try {
    const cli = addHardeningOptions(buildCli());
    cli.parse(argv, { from: 'user' });
    flags = cli.opts();
  } catch (error) {
    const e = error as { code?: string; message?: string };
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') throw error;
    problems.push((e.message ?? String(error)).replace(/^error: /, ''));
  }

  const raw: Record<string, unknown> = {};
  for (const [key, names] of Object.entries(ENV)) {
    const flag = flags[key];
    if (flag !== undefined) {
      if (typeof flag === 'boolean') raw[key] = String(flag);
      else raw[key] = flag;
      continue;
    }
    const fromEnv = names.map((n) => env[n]).find((v) => v !== undefined && v !== '');
    if (fromEnv !== undefined) raw[key] = key === 'fixtures' ? [fromEnv] : fromEnv;
  }

  const parsed = rawSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(issue.message);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const value = parsed.data!;
  return {
    ...hardeningValues(value),
    port: value.port ?? DEFAULT_CONFIG.port,
    edgePort: value.edgePort ?? DEFAULT_CONFIG.edgePort,
    host: value.host ?? DEFAULT_CONFIG.host,
    fixtures: value.fixtures ?? [],
    dataDir: value.dataDir ?? null,
    startTime: value.startTime ?? null,
    strictKeys: value.strictKeys ?? false,
    logLevel: value.logLevel ?? DEFAULT_CONFIG.logLevel,
    logFormat: value.logFormat ?? DEFAULT_CONFIG.logFormat,
    exitWithParent: value.exitWithParent ?? DEFAULT_CONFIG.exitWithParent,
    exitOnStdinClose: value.exitOnStdinClose ?? DEFAULT_CONFIG.exitOnStdinClose,
    corsOrigins: value.corsOrigins ?? DEFAULT_CONFIG.corsOrigins,
  };
}
