/** Test kit: an in-process emulator, GraphQL and REST helpers, a fresh environment per test. */
import { randomUUID } from 'node:crypto';
import { createEmulator, type Emulator } from '../../src/emulator.js';
import type { EmulatorConfig } from '../../src/config.js';
import { createLogger } from '../../src/logging/logger.js';

export const START = new Date('2025-01-01T00:00:00.000Z');

export function testEmulator(config: Partial<EmulatorConfig> = {}): Emulator {
  return createEmulator({ config: { startTime: START, logLevel: 'silent', port: 0, edgePort: -1, ...config }, logger: createLogger('silent') });
}

/** A new isolated environment id, and its server and client keys. */
export function newEnvironment(prefix = 't') {
  const id = `${prefix}-${randomUUID()}`;
  return { id, serverKey: `server-${id}`, clientKey: `client-${id}` };
}

export interface GraphQLAnswer<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; [k: string]: unknown } }[];
}

export async function gql<T = Record<string, any>>(
  emu: Emulator,
  key: string | null,
  query: string,
  variables?: Record<string, unknown>,
  operationName?: string,
): Promise<GraphQLAnswer<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers['x-api-key'] = key;
  const res = await emu.request('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables, operationName }) });
  const body = (await res.json()) as Omit<GraphQLAnswer<T>, 'status'>;
  return { status: res.status, ...body };
}

export async function rest(emu: Emulator, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await emu.request(path, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}

export const codeOf = (answer: GraphQLAnswer<unknown>) => answer.errors?.[0]?.extensions?.code;
