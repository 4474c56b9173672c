/**
 * The REST SDK suite's harness: one emulator per test file (in process, listening on 127.0.0.1 on
 * a free port, the demo seed), one environment per test (`server-<uuid>`), and Stigg's REST SDK
 * pointed at it with `baseURL` (no retries: an answer is what the emulator said).
 */
import { randomUUID } from 'node:crypto';
import Stigg from '@stigg/typescript';
import { afterAll, beforeAll } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator.js';
import { createLogger } from '../../src/logging/logger.js';

export { Stigg };

export interface RestEnv {
  name: string;
  key: string;
  /** the REST SDK for this environment (server key) */
  stigg: Stigg;
  /** a REST call without the SDK (raw status and body) */
  fetch: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: any }>;
  /** a GraphQL request with this environment's server key */
  graphql: (query: string, variables?: Record<string, unknown>) => Promise<any>;
  /** move the environment's clock through the control plane */
  moveClock: (move: { to?: string; advance?: string }) => Promise<unknown>;
}

export function useEmulator(): { url: () => string; env: () => RestEnv } {
  let emulator: Emulator;
  let url = '';
  beforeAll(async () => {
    emulator = createEmulator({ config: { port: 0, edgePort: -1, host: '127.0.0.1', startTime: new Date('2025-01-01T00:00:00Z') }, logger: createLogger('silent') });
    url = (await emulator.listen()).url;
  });
  afterAll(async () => {
    await emulator?.close();
  });
  return {
    url: () => url,
    env: () => {
      const name = `rest-${randomUUID().slice(0, 8)}`;
      const key = `server-${name}`;
      const stigg = new Stigg({ apiKey: key, baseURL: url, maxRetries: 0 });
      const fetchJson = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
        const res = await fetch(`${url}${path}`, {
          method,
          headers: { 'x-api-key': key, 'content-type': 'application/json', ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        return { status: res.status, body: text ? JSON.parse(text) : null };
      };
      return {
        name,
        key,
        stigg,
        fetch: fetchJson,
        graphql: async (query, variables) => {
          const res = await fetch(`${url}/graphql`, {
            method: 'POST',
            headers: { 'x-api-key': key, 'content-type': 'application/json' },
            body: JSON.stringify({ query, variables }),
          });
          return res.json();
        },
        moveClock: async (move) => {
          const res = await fetch(`${url}/_emulator/environments/${name}/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(move) });
          return res.json();
        },
      };
    },
  };
}
