/** Helpers of the governance tests: an emulator on the governance fixture, one environment per test. */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createEmulator, type Emulator } from '../../src/emulator.js';
import { createLogger } from '../../src/logging/logger.js';

export const FIXTURE = fileURLToPath(new URL('./fixtures/governance.yaml', import.meta.url));
export const START = new Date('2025-01-01T00:00:00Z');

export function governanceEmulator(): Emulator {
  return createEmulator({ config: { fixtures: [FIXTURE], startTime: START, edgePort: -1, port: 0 }, logger: createLogger('silent') });
}

export interface Answer {
  status: number;
  body: any;
}

export type Send = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Answer>;

/** A client of one fresh environment: governance calls with the SDK headers, and the control plane. */
export function governanceClient(emu: Emulator, envId = `gov-${randomUUID()}`) {
  const headers = {
    authorization: 'Bearer test-token',
    'x-stigg-account-id': 'account-test',
    'x-stigg-environment-id': envId,
    'content-type': 'application/json',
  };
  const send =
    (base: string, defaults: Record<string, string>): Send =>
    async (method, path, body, extra) => {
      const res = await emu.request(`${base}${path}`, {
        method,
        headers: { ...defaults, ...(extra ?? {}) },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    };
  const gov = send('/governance', headers);
  const admin = send(`/_emulator/environments/${envId}`, { 'content-type': 'application/json' });
  const beta = send('/api/v1-beta', { 'x-api-key': `server-${envId}`, 'content-type': 'application/json' });
  return {
    envId,
    headers,
    gov,
    admin,
    beta,
    check: (body: unknown, owner = 'cus-acme') => gov('POST', `/owners/${owner}/check`, body),
    ingest: (events: unknown[], owner = 'cus-acme') => gov('POST', `/owners/${owner}/ingest`, { events }),
    advance: (duration: string) => admin('POST', '/clock', { advance: duration }),
  };
}

export interface CheckEntry {
  entityId: string;
  entityTypeId: string;
  capabilityId: string;
  scopeEntityIds: string[];
  usageLimit: number | null;
  currentUsage: number;
  requestedAmount: number;
  hasAccess: boolean;
  periodStart: string;
  periodEnd: string;
}

/** The check entry of one entity (and scope), from a check answer; throws when there is none. */
export function entryOf(body: { checks: CheckEntry[] }, entityId: string, scope: string[] = []): CheckEntry {
  const key = [...scope].sort().join(',');
  const entry = body.checks.find((c) => c.entityId === entityId && c.scopeEntityIds.join(',') === key);
  if (!entry) throw new Error(`no check entry for ${entityId} [${key}] in ${JSON.stringify(body)}`);
  return entry;
}
