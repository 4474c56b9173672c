import { writeSync } from 'node:fs';
import { destination, pino, stdTimeFunctions, type Logger } from 'pino';
import type { LogFormat, LogLevel } from '../config.js';

export type { Logger };

export interface LoggerOptions {
  /** `json`: JSON lines (the default); `pretty`: one readable line per entry */
  format?: LogFormat;
  /** file descriptor written to: 1 (stdout, the default) or 2 (stderr) */
  fd?: 1 | 2;
  /** colours in the pretty format (default: when the descriptor is a terminal and NO_COLOR is unset) */
  color?: boolean;
}

/** JSON lines (or readable lines) on stdout, written synchronously (nothing is lost on exit). */
export function createLogger(level: LogLevel, options: LoggerOptions = {}): Logger {
  const fd = options.fd ?? 1;
  const base = { level, base: { name: 'stigg-emulator' }, timestamp: stdTimeFunctions.isoTime };
  if (options.format !== 'pretty') return pino(base, destination({ dest: fd, sync: true }));
  const color = options.color ?? (isTerminal(fd) && !process.env.NO_COLOR);
  return pino(base, { write: (line: string) => writeSync(fd, prettyLine(line, color)) });
}

/** The format a process uses when none is set: pretty on a terminal, JSON lines otherwise (a pipe, a file, CI, Docker logs). */
export function defaultLogFormat(fd: 1 | 2 = 1): LogFormat {
  return isTerminal(fd) ? 'pretty' : 'json';
}

function isTerminal(fd: 1 | 2): boolean {
  const stream = fd === 1 ? process.stdout : process.stderr;
  return stream.isTTY === true;
}

const LEVELS: Record<number, [string, string]> = {
  10: ['TRACE', '90'],
  20: ['DEBUG', '36'],
  30: ['INFO ', '32'],
  40: ['WARN ', '33'],
  50: ['ERROR', '31'],
  60: ['FATAL', '35'],
};
const OMITTED = new Set(['level', 'time', 'msg', 'name', 'pid', 'hostname', 'err']);

/**
 * One JSON log line as a person reads it: `12:00:00.123 INFO  ready url=http://127.0.0.1:4000 ...`;
 * an error's stack follows on its own lines.
 */
export function prettyLine(json: string, color = false): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const [label, code] = LEVELS[entry.level as number] ?? [String(entry.level).padEnd(5), '0'];
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 23) : '';
  const fields = Object.entries(entry)
    .filter(([key, value]) => !OMITTED.has(key) && value !== undefined)
    .map(([key, value]) => `${paint('2', `${key}=`)}${formatValue(value)}`);
  let out = [paint('2', time), paint(code, label), String(entry.msg ?? ''), ...fields].filter((part) => part !== '').join(' ');
  const err = entry.err as { message?: string; stack?: string } | undefined;
  if (err) out += `\n  ${(err.stack ?? err.message ?? JSON.stringify(err)).split('\n').join('\n  ')}`;
  return `${out}\n`;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' && /^[^\s",=]+$/.test(v))) return value.join(',');
  return JSON.stringify(value);
}
