import { destination, pino, stdTimeFunctions, type Logger } from 'pino';
import type { LogLevel } from '../config.js';

export type { Logger };

/** JSON lines on stdout. */
export function createLogger(level: LogLevel): Logger {
  return pino({ level, base: { name: 'stigg-emulator' }, timestamp: stdTimeFunctions.isoTime }, destination({ dest: 1, sync: true }));
}
