/** Shared kit of the entitlement suites: the fixture catalog, the Node client's documents, helpers. */
import { join } from 'node:path';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation } from '../support/documents.js';
import { gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';

export const FIXTURES = join(import.meta.dirname, 'fixtures', 'entitlements.yaml');
export const T0 = new Date('2024-01-01T00:00:00.000Z');

export const GET_ENTITLEMENT = clientOperation('node', 'GetEntitlement');
export const GET_ENTITLEMENTS = clientOperation('node', 'GetEntitlements');
export const GET_STATE = clientOperation('python', 'GetEntitlementsState');
export const REPORT_USAGE = clientOperation('node', 'ReportUsage');
export const REPORT_USAGE_BULK = clientOperation('node', 'ReportUsageBulk');

export const entitlementsEmulator = (): Emulator => testEmulator({ fixtures: [FIXTURES], startTime: T0 });

/** A fresh environment with its clock frozen at `at` (default: the start). */
export async function world(emu: Emulator, at = '2024-01-01T12:00:00Z') {
  const env = newEnvironment('ent');
  await moveClock(emu, env.id, at);
  return env;
}

export async function moveClock(emu: Emulator, envId: string, to: string) {
  const res = await rest(emu, 'POST', `/_emulator/environments/${envId}/clock`, { to, frozen: true });
  if (res.status !== 200) throw new Error(`clock move refused: ${JSON.stringify(res.body)}`);
}

export async function check(
  emu: Emulator,
  key: string,
  customerId: string,
  featureId: string,
  options?: { requestedUsage?: number; requestedValues?: string[] },
  resourceId?: string,
) {
  const answer = await gql(emu, key, GET_ENTITLEMENT, { query: { customerId, featureId, resourceId, options } });
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data!.entitlement;
}

export async function list(emu: Emulator, key: string, customerId: string, resourceId?: string) {
  const answer = await gql(emu, key, GET_ENTITLEMENTS, { query: { customerId, resourceId } });
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data!.entitlements as any[];
}

export async function state(emu: Emulator, key: string, customerId: string, resourceId?: string) {
  const answer = await gql(emu, key, GET_STATE, { query: { customerId, resourceId } });
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data!.entitlementsState;
}

export const report = (emu: Emulator, key: string, input: Record<string, unknown>) => gql(emu, key, REPORT_USAGE, { input });
