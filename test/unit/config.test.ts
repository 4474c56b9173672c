import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { DEFAULT_HARDENING } from '../../src/config-limits.js';

describe('configuration', () => {
  it('has the documented defaults', () => {
    expect(loadConfig([], {})).toEqual({
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
    });
  });

  it('reads every environment variable, PORT as an alias', () => {
    const config = loadConfig([], {
      PORT: '5000',
      STIGG_EMULATOR_EDGE_PORT: '-1',
      STIGG_EMULATOR_HOST: '0.0.0.0',
      STIGG_EMULATOR_FIXTURES: 'a.yaml, dir',
      STIGG_EMULATOR_DATA_DIR: '/data',
      STIGG_EMULATOR_START_TIME: '2025-01-01T00:00:00Z',
      STIGG_EMULATOR_STRICT_KEYS: 'true',
      STIGG_EMULATOR_LOG_LEVEL: 'debug',
      STIGG_EMULATOR_CORS_ORIGINS: 'http://localhost:5173, https://app.test/',
      STIGG_EMULATOR_LOG_FORMAT: 'pretty',
      STIGG_EMULATOR_EXIT_WITH_PARENT: 'false',
      STIGG_EMULATOR_EXIT_ON_STDIN_CLOSE: '1',
    });
    expect(config).toEqual({
      ...DEFAULT_HARDENING,
      port: 5000,
      edgePort: -1,
      host: '0.0.0.0',
      fixtures: ['a.yaml', 'dir'],
      dataDir: '/data',
      startTime: new Date('2025-01-01T00:00:00Z'),
      strictKeys: true,
      logLevel: 'debug',
      logFormat: 'pretty',
      exitWithParent: false,
      exitOnStdinClose: true,
      corsOrigins: ['http://localhost:5173', 'https://app.test'],
    });
    expect(loadConfig([], { PORT: '1', STIGG_EMULATOR_PORT: '2' }).port).toBe(2);
  });

  it('lets a flag win over the environment; fixtures repeat and split on commas', () => {
    const config = loadConfig(['--port', '0', '--fixtures', 'a.yaml,b.json', '--fixtures', 'c', '--strict-keys', '--log-level', 'silent'], {
      STIGG_EMULATOR_PORT: '9999',
      STIGG_EMULATOR_FIXTURES: 'ignored',
      STIGG_EMULATOR_LOG_LEVEL: 'debug',
    });
    expect(config.port).toBe(0);
    expect(config.fixtures).toEqual(['a.yaml', 'b.json', 'c']);
    expect(config.strictKeys).toBe(true);
    expect(config.logLevel).toBe('silent');
  });

  it('reports every problem at once', () => {
    let error: unknown;
    try {
      loadConfig(['--port', 'abc', '--edge-port', '70000', '--log-level', 'loud', '--start-time', 'yesterday'], { STIGG_EMULATOR_STRICT_KEYS: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/port must be an integer/);
    expect(problems.join('\n')).toMatch(/edge-port must be <= 65535/);
    expect(problems.join('\n')).toMatch(/log-level must be one of/);
    expect(problems.join('\n')).toMatch(/start-time must be an ISO-8601 instant/);
    expect(problems.join('\n')).toMatch(/strict-keys must be true or false/);
  });

  it('reads --cors-origins over STIGG_EMULATOR_CORS_ORIGINS and refuses what is not an origin', () => {
    expect(loadConfig(['--cors-origins', 'http://127.0.0.1:8080'], { STIGG_EMULATOR_CORS_ORIGINS: '*' }).corsOrigins).toEqual(['http://127.0.0.1:8080']);
    expect(() => loadConfig(['--cors-origins', 'localhost:8080'], {})).toThrow(/cors-origins: each origin must be \* or scheme:\/\/host\[:port\]/);
    expect(() => loadConfig(['--cors-origins', ' , '], {})).toThrow(/cors-origins must name at least one origin/);
  });

  it('reads --log-format, --exit-with-parent / --no-exit-with-parent and --exit-on-stdin-close', () => {
    expect(loadConfig(['--log-format', 'json'], { STIGG_EMULATOR_LOG_FORMAT: 'pretty' }).logFormat).toBe('json');
    expect(() => loadConfig(['--log-format', 'xml'], {})).toThrow(/log-format must be one of pretty, json/);
    expect(loadConfig(['--no-exit-with-parent'], {}).exitWithParent).toBe(false);
    expect(loadConfig(['--exit-with-parent', 'false'], {}).exitWithParent).toBe(false);
    expect(loadConfig(['--exit-with-parent'], { STIGG_EMULATOR_EXIT_WITH_PARENT: 'false' }).exitWithParent).toBe(true);
    expect(loadConfig(['--exit-on-stdin-close'], {}).exitOnStdinClose).toBe(true);
  });

  it('rejects unknown flags', () => {
    expect(() => loadConfig(['--nope'], {})).toThrow(/unknown option '--nope'/);
  });
});

describe('log lines', () => {
  it('pretty: time, level, message and fields on one line; an error stack below', async () => {
    const { prettyLine } = await import('../../src/logging/logger.js');
    const line = JSON.stringify({ level: 30, time: '2025-01-01T12:34:56.789Z', name: 'stigg-emulator', url: 'http://127.0.0.1:4000', fixtures: ['(built-in demo seed)'], msg: 'ready' });
    expect(prettyLine(line)).toBe('12:34:56.789 INFO  ready url=http://127.0.0.1:4000 fixtures=["(built-in demo seed)"]\n');
    const error = JSON.stringify({ level: 50, time: '2025-01-01T12:34:56.789Z', msg: 'boom', err: { message: 'bad', stack: 'Error: bad\n    at x' } });
    expect(prettyLine(error)).toBe('12:34:56.789 ERROR boom\n  Error: bad\n      at x\n');
    expect(prettyLine(line, true)).toContain('\u001b[32mINFO \u001b[0m');
  });
});
