/** Shared kit of the usage suites: the events fixture catalog, the clients' documents, helpers. */
import { join } from 'node:path';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation } from '../support/documents.js';
import { gql, testEmulator } from '../support/emulator.js';

export { check, moveClock, world } from '../entitlements/support.js';

export const FIXTURES = join(import.meta.dirname, 'fixtures', 'events.yaml');
export const T0 = new Date('2024-01-01T00:00:00.000Z');

export const REPORT_EVENT = clientOperation('node', 'ReportEvent');
export const REPORT_USAGE = clientOperation('node', 'ReportUsage');
export const REPORT_USAGE_BULK = clientOperation('node', 'ReportUsageBulk');

export const usageEmulator = (): Emulator => testEmulator({ fixtures: [FIXTURES], startTime: T0 });

export interface EventInput {
  customerId: string;
  eventName: string;
  idempotencyKey: string;
  resourceId?: string;
  dimensions?: Record<string, unknown>;
  timestamp?: string;
}

let counter = 0;
/** An event with a fresh idempotency key unless one is given. */
export const ev = (customerId: string, eventName: string, dimensions: Record<string, unknown> = {}, more: Partial<EventInput> = {}): EventInput => ({
  customerId,
  eventName,
  idempotencyKey: `k-${++counter}`,
  dimensions,
  ...more,
});

export const sendEvents = (emu: Emulator, key: string, usageEvents: EventInput[]) => gql(emu, key, REPORT_EVENT, { input: { usageEvents } });

export async function events(emu: Emulator, key: string, usageEvents: EventInput[]) {
  const answer = await sendEvents(emu, key, usageEvents);
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data!.reportEvent;
}

export const reportUsage = (emu: Emulator, key: string, input: Record<string, unknown>) => gql(emu, key, REPORT_USAGE, { input });
