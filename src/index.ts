/**
 * In-process use (Vitest/Jest):
 *   const emu = await startEmulator({ port: 0, fixtures, startTime });
 *   const stigg = Stigg.initialize({ ...emu.sdk, realtimeUpdatesEnabled: false });
 *   emu.url; emu.environment('local').now(); await emu.close();
 */
import { DEFAULT_CONFIG, type EmulatorConfig } from './config.js';
import { createEmulator, type Emulator } from './emulator.js';
import type { Environment } from './environments/environment.js';
import { createLogger } from './logging/logger.js';

export { createEmulator, ListenError } from './emulator.js';
export type { Emulator } from './emulator.js';
export type { EmulatorConfig } from './config.js';
export type { Environment } from './environments/environment.js';

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
  return {
    url,
    edgeUrl,
    sdk: sdkFor('local'),
    sdkFor,
    emulator,
    environment: (id) => emulator.registry.get(id),
    close: () => emulator.close(),
  };
}
