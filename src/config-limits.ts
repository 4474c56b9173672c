/**
 * The hardening settings (limits and the admin token), kept apart from config.ts, which spreads
 * them into its schema, environment variables, flags and defaults. Every setting is a flag and an
 * environment variable; the flag wins (config.ts).
 */
import { Option, type Command } from 'commander';
import { z } from 'zod';

/** The GraphQL query limits (checked by graphql/limits.ts with GraphQL Armor). */
export interface GraphQLLimits {
  /** deepest field nesting of an operation (fragments flattened) */
  graphqlMaxDepth: number;
  /** aliased fields in an operation */
  graphqlMaxAliases: number;
  /** lexical tokens in a document (also bounds nesting, so the parser never runs out of stack) */
  graphqlMaxTokens: number;
  /** directives in an operation */
  graphqlMaxDirectives: number;
  /** GraphQL Armor's cost: 2 per object, 1 per scalar, x1.5 per level, x first/last */
  graphqlMaxCost: number;
}

export const DEFAULT_GRAPHQL_LIMITS: GraphQLLimits = {
  graphqlMaxDepth: 15,
  graphqlMaxAliases: 30,
  graphqlMaxTokens: 3000,
  graphqlMaxDirectives: 20,
  graphqlMaxCost: 100_000,
};

export interface HardeningConfig extends GraphQLLimits {
  /** when set, /_emulator (except health and ready) requires `Authorization: Bearer <token>` */
  adminToken: string | null;
  /** environments kept open; past it the least recently used is closed (null: no limit) */
  maxEnvironments: number | null;
  /** largest request body in bytes on every route (GraphQL, REST, governance, control plane) */
  maxBodySize: number;
  /** largest body of `POST .../fixtures` and `POST .../import` */
  maxImportBodySize: number;
  /** request journal entries kept per environment (a ring: the oldest go first) */
  journalSize: number;
  /**
   * Host header names answered besides loopback, IP addresses and the bind address (lower case;
   * `.example.com` also allows its subdomains; `*` allows any host): src/http/access.ts
   */
  allowedHosts: string[];
}

export const MiB = 1024 * 1024;

export const DEFAULT_HARDENING: HardeningConfig = {
  ...DEFAULT_GRAPHQL_LIMITS,
  adminToken: null,
  maxEnvironments: null,
  maxBodySize: 4 * MiB,
  maxImportBodySize: 64 * MiB,
  journalSize: 1000,
  allowedHosts: [],
};

const positiveInt = (name: string, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `${name} must be a positive integer`)
    .transform(Number)
    .pipe(z.number().int().min(1, `${name} must be >= 1`).max(max, `${name} must be <= ${max}`));

/** A size: bytes, or a number with kb, mb or gb (binary units): `4mb`, `65536`. */
const size = (name: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/, `${name} must be a size such as 4mb, 512kb or 65536`)
    .transform((v) => {
      const [, n, unit] = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/.exec(v)!;
      return Math.floor(Number(n) * { b: 1, kb: 1024, mb: MiB, gb: 1024 * MiB }[(unit ?? 'b') as 'b']);
    })
    .pipe(z.number().int().min(1024, `${name} must be at least 1kb`).max(2 * 1024 * MiB, `${name} must be at most 2gb`));

export const hardeningSchema = {
  adminToken: z.string().trim().min(8, 'admin-token must have at least 8 characters').optional(),
  maxEnvironments: positiveInt('max-environments', 100_000).optional(),
  maxBodySize: size('max-body-size').optional(),
  maxImportBodySize: size('max-import-body-size').optional(),
  journalSize: positiveInt('journal-size', 1_000_000).optional(),
  allowedHosts: z
    .string()
    .transform((v) => v.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean))
    .pipe(
      z
        .array(
          z
            .string()
            .refine((h) => h === '*' || h === 'all' || /^\.?[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?$/.test(h), {
              message: 'allowed-hosts: each entry must be a host name (stigg, emulator.test, .example.com for its subdomains), or * for any host',
            }),
        )
        .min(1, 'allowed-hosts must name at least one host (or *)'),
    )
    .optional(),
  graphqlMaxDepth: positiveInt('graphql-max-depth', 10_000).optional(),
  graphqlMaxAliases: positiveInt('graphql-max-aliases', 100_000).optional(),
  graphqlMaxTokens: positiveInt('graphql-max-tokens', 1_000_000).optional(),
  graphqlMaxDirectives: positiveInt('graphql-max-directives', 100_000).optional(),
  graphqlMaxCost: positiveInt('graphql-max-cost').optional(),
};

export const HARDENING_ENV: Record<keyof typeof hardeningSchema, string[]> = {
  adminToken: ['STIGG_EMULATOR_ADMIN_TOKEN'],
  maxEnvironments: ['STIGG_EMULATOR_MAX_ENVIRONMENTS'],
  maxBodySize: ['STIGG_EMULATOR_MAX_BODY_SIZE'],
  maxImportBodySize: ['STIGG_EMULATOR_MAX_IMPORT_BODY_SIZE'],
  journalSize: ['STIGG_EMULATOR_JOURNAL_SIZE'],
  allowedHosts: ['STIGG_EMULATOR_ALLOWED_HOSTS'],
  graphqlMaxDepth: ['STIGG_EMULATOR_GRAPHQL_MAX_DEPTH'],
  graphqlMaxAliases: ['STIGG_EMULATOR_GRAPHQL_MAX_ALIASES'],
  graphqlMaxTokens: ['STIGG_EMULATOR_GRAPHQL_MAX_TOKENS'],
  graphqlMaxDirectives: ['STIGG_EMULATOR_GRAPHQL_MAX_DIRECTIVES'],
  graphqlMaxCost: ['STIGG_EMULATOR_GRAPHQL_MAX_COST'],
};

const FLAGS: [keyof typeof hardeningSchema, string, string][] = [
  ['adminToken', '--admin-token <token>', 'require Authorization: Bearer <token> on /_emulator (health and ready stay open)'],
  ['maxEnvironments', '--max-environments <n>', 'environments kept open; past it the least recently used is closed'],
  ['maxBodySize', '--max-body-size <size>', `largest request body (default 4mb)`],
  ['maxImportBodySize', '--max-import-body-size <size>', 'largest fixtures/import body (default 64mb)'],
  ['journalSize', '--journal-size <n>', 'request journal entries kept per environment (default 1000)'],
  ['allowedHosts', '--allowed-hosts <hosts>', 'Host names answered besides loopback, IP addresses and the bind address, comma-separated (.example.com: its subdomains too), * = any'],
  ['graphqlMaxDepth', '--graphql-max-depth <n>', `deepest GraphQL field nesting (default ${DEFAULT_GRAPHQL_LIMITS.graphqlMaxDepth})`],
  ['graphqlMaxAliases', '--graphql-max-aliases <n>', `aliases per GraphQL operation (default ${DEFAULT_GRAPHQL_LIMITS.graphqlMaxAliases})`],
  ['graphqlMaxTokens', '--graphql-max-tokens <n>', `tokens per GraphQL document (default ${DEFAULT_GRAPHQL_LIMITS.graphqlMaxTokens})`],
  ['graphqlMaxDirectives', '--graphql-max-directives <n>', `directives per GraphQL operation (default ${DEFAULT_GRAPHQL_LIMITS.graphqlMaxDirectives})`],
  ['graphqlMaxCost', '--graphql-max-cost <n>', `GraphQL Armor cost per operation (default ${DEFAULT_GRAPHQL_LIMITS.graphqlMaxCost})`],
];

export function addHardeningOptions(cli: Command): Command {
  for (const [key, flag, description] of FLAGS) cli.addOption(new Option(flag, `${description} [env ${HARDENING_ENV[key].join(', ')}]`));
  return cli;
}

type Parsed = { [K in keyof typeof hardeningSchema]?: z.output<(typeof hardeningSchema)[K]> };

export function hardeningValues(value: Parsed): HardeningConfig {
  const out = { ...DEFAULT_HARDENING };
  for (const [key, v] of Object.entries(value)) if (key in DEFAULT_HARDENING && v !== undefined) (out as Record<string, unknown>)[key] = v;
  return out;
}
