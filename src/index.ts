/**
 * In-process use (Vitest/Jest):
 *   const emu = await startEmulator({ port: 0, fixtures, startTime });
 *   emu.url; emu.environment('local').clock; await emu.close();
 */
import { DEFAULT_CONFIG, type EmulatorConfig } from './config.js';
import { createEmulator, type Emulator } from './emulator.js';
import type { Environment } from './environments/environment.js';
import { createLogger } from './logging/logger.js';

export { createEmulator } from './emulator.js';
export type { Emulator } from './emulator.js';
export type { EmulatorConfig } from './config.js';

export interface StartOptions extends Partial<Omit<EmulatorConfig, 'fixtures' | 'startTime'>> {
  /** fixture files or directories (default: the built-in demo seed) */
  fixtures?: string | string[];
  startTime?: Date | string | null;
  /** webhook delivery: delays before each retry (default 0, 0, 0, 30 s, 30 s, 30 s) and the attempt timeout (30 s) */
  webhooks?: { retryDelaysMs?: number[]; timeoutMs?: number };
}

export interface RunningEmulator {
  url: string;
  edgeUrl: string | null;
  emulator: Emulator;
  /** an environment by id (created and seeded on first use) */
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
  const { url, edgeUrl } = await emulator.listen();
  return { url, edgeUrl, emulator, environment: (id) => emulator.registry.get(id), close: () => emulator.close() };
}
