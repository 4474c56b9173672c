/**
 * In-process use (Vitest/Jest):
 *   const emu = await startEmulator({ port: 0, fixtures, startTime });
 *   const stigg = Stigg.initialize({ ...emu.sdk, realtimeUpdatesEnabled: false });
 *   emu.url; emu.environment('local').now();
 *   await emu.moveClock('local', { advance: 'P14D' }); await emu.reset('local');
 *   await emu.loadFixtures('local', './more.yaml'); const id = await emu.snapshot('local'); await emu.restore('local', id);
 *   await emu.close();
 */
import { ZodError, type z } from 'zod';
import {
  moveEnvironmentClock,
  resetEnvironment,
  restoreEnvironment,
  snapshotEnvironment,
  type ClockMoveResult,
  type ResetResult,
  type RestoreResult,
} from './admin/operations.js';
import { DEFAULT_CONFIG, type EmulatorConfig } from './config.js';
import { createEmulator, type Emulator } from './emulator.js';
import type { Environment } from './environments/environment.js';
import { loadMoreFixtureFiles, loadMoreFixtures } from './application/fixture-service.js';
import type { fixtureDocument } from './fixtures/model.js';
import { createLogger } from './logging/logger.js';
import { EmulatorError } from './errors.js';

export { createEmulator, ListenError } from './emulator.js';
/** What the helpers (and the services under them) throw: `code` is the control plane's error code (`BadUserInput`, `InvalidClockMove`, `NotFound`, ...), `httpStatus` its HTTP status. */
export { EmulatorError } from './errors.js';
export type { Emulator } from './emulator.js';
export type { EmulatorConfig } from './config.js';
export type { Environment } from './environments/environment.js';
export type { ClockMoveResult, ClockView, NextDue, ResetResult, RestoreResult } from './admin/operations.js';
export type { AppliedTransition } from './application/clock-service.js';
export type { SnapshotView } from './application/snapshot-service.js';

/** A fixture document as a value (the shape of a fixture file: `features`, `plans`, `customers`, ...). */
export type FixtureDocumentInput = z.input<typeof fixtureDocument>;

/**
 * A clock move: `{ advance }` by an ISO-8601 duration (`'P14D'`, `'PT1H'`) or milliseconds, or
 * `{ to }` an instant (ISO-8601 or a Date); optionally `step` (walk there in steps, applying what is
 * due at each) and `frozen` (stop the clock there, or let it run again). The clock never moves back.
 */
export type ClockMove =
  | { advance: string | number; to?: never; step?: string | number; frozen?: boolean }
  | { to: string | Date; advance?: never; step?: string | number; frozen?: boolean }
  | { frozen: boolean; to?: never; advance?: never; step?: never };

export interface StartOptions extends Partial<Omit<EmulatorConfig, 'fixtures' | 'startTime'>> {
  /** fixture files or directories (default: the built-in demo seed) */
  fixtures?: string | string[];
  startTime?: Date | string | null;
  /** webhook delivery: delays before each retry (default 0, 0, 0, 30 s, 30 s, 30 s) and the attempt timeout (30 s) */
  webhooks?: { retryDelaysMs?: number[]; timeoutMs?: number };
}

/**
 * What Stigg's SDKs need to reach the emulator, to spread into `Stigg.initialize({ ...emu.sdk })`:
 * the API key of an environment, the GraphQL base and the edge base (the main port serves the
 * edge routes too, so the SDK's edge reads never go to port 3060).
 */
export interface SdkSettings {
  apiKey: string;
  baseUri: string;
  baseEdgeUri: string;
}

export interface RunningEmulator {
  /** the main port's URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /** the edge-only port's URL, when `edgePort` was given (off by default in-process) */
  edgeUrl: string | null;
  /** SDK settings for environment `local` with its server key `server-local` */
  sdk: SdkSettings;
  /** SDK settings for any environment: `emu.sdkFor('ci-1')` (server key), `emu.sdkFor('ci-1', 'client')` (client key) */
  sdkFor: (environmentId: string, keyType?: 'server' | 'client') => SdkSettings;
  emulator: Emulator;
  /** an environment by id (created and seeded on first use); `.now()` is its clock's time */
  environment: (id: string) => Environment;
  /**
   * Move an environment's clock, as `POST /_emulator/environments/{env}/clock` does: everything
   * due on the way is applied before this resolves. Answers the new time, the transitions applied
   * and the next one due. Rejects (`BadUserInput`, `InvalidClockMove`) as the control plane does.
   */
  moveClock: (environmentId: string, move: ClockMove) => Promise<ClockMoveResult>;
  /** Back to the seed and the start time, journal and faults cleared (snapshots are kept): `POST .../reset`. */
  reset: (environmentId: string) => Promise<ResetResult>;
  /**
   * Load more fixture data into a running environment (validated against what it already has):
   * fixture files or directories (YAML or JSON, as `--fixtures` reads them), or a fixture document
   * as a value. Answers how many entries of each kind were loaded. `POST .../fixtures`.
   */
  loadFixtures: (environmentId: string, fixtures: string | string[] | FixtureDocumentInput) => Promise<{ loaded: Record<string, number> }>;
  /**
   * Snapshot an environment's whole state and clock; answers the snapshot's id (its name: the one
   * given, or a generated one). A snapshot taken again under the same name replaces it.
   */
  snapshot: (environmentId: string, name?: string) => Promise<string>;
  /** Put an environment back as a snapshot held it, clock included (the only way time goes back). */
  restore: (environmentId: string, snapshotId: string) => Promise<RestoreResult>;
  close: () => Promise<void>;
}

export async function startEmulator(options: StartOptions = {}): Promise<RunningEmulator> {
  const { fixtures, startTime, webhooks, ...rest } = options;
  const config: EmulatorConfig = {
    ...DEFAULT_CONFIG,
    port: 0,
    edgePort: -1,
    logLevel: 'silent',
    ...rest,
    fixtures: fixtures === undefined ? [] : Array.isArray(fixtures) ? fixtures : [fixtures],
    startTime: startTime === undefined || startTime === null ? null : new Date(startTime),
  };
  const emulator = createEmulator({ config, logger: createLogger(config.logLevel), webhooks });
  let urls: { url: string; edgeUrl: string | null };
  try {
    urls = await emulator.listen();
  } catch (error) {
    // e.g. a port in use (ListenError, one line naming the port and the option): nothing is left open
    await emulator.close();
    throw error;
  }
  const { url, edgeUrl } = urls;
  const sdkFor = (environmentId: string, keyType: 'server' | 'client' = 'server'): SdkSettings => ({
    apiKey: `${keyType}-${environmentId}`,
    baseUri: url,
    baseEdgeUri: edgeUrl ?? url,
  });
  const { registry } = emulator;
  /** a helper's refusal as the control plane's: an invalid argument is BadUserInput, like a 400 there */
  const helper = async <T>(run: () => T): Promise<T> => {
    try {
      return run();
    } catch (error) {
      if (error instanceof ZodError) throw new EmulatorError('BadUserInput', error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '), 400);
      throw error;
    }
  };
  let snapshots = 0;
  const snapshotName = (id: string) => {
    const taken = registry.get(id).snapshots;
    let name: string;
    do name = `snapshot-${++snapshots}`;
    while (taken.has(name));
    return name;
  };
  return {
    url,
    edgeUrl,
    sdk: sdkFor('local'),
    sdkFor,
    emulator,
    environment: (id) => registry.get(id),
    moveClock: (id, move) =>
      helper(() => moveEnvironmentClock(registry, id, move && 'to' in move && move.to instanceof Date ? { ...move, to: move.to.toISOString() } : move)),
    reset: (id) => helper(() => resetEnvironment(registry, id)),
    loadFixtures: (id, fixtures) =>
      helper(() => {
        const env = registry.get(id);
        if (typeof fixtures === 'string' || Array.isArray(fixtures)) return { loaded: loadMoreFixtureFiles(env, typeof fixtures === 'string' ? [fixtures] : fixtures) };
        return { loaded: loadMoreFixtures(env, JSON.stringify(fixtures), 'json') };
      }),
    snapshot: (id, name) => helper(() => snapshotEnvironment(registry, id, name ?? snapshotName(id)).name),
    restore: (id, snapshotId) => helper(() => restoreEnvironment(registry, id, snapshotId)),
    close: () => emulator.close(),
  };
}
