/** Finding 1: amounts are finite and within ±MAX_AMOUNT on every path; sums that would leave the range are refused. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { MAX_AMOUNT } from '../../src/amounts.js';
import { codeOf, gql, rest } from '../support/emulator.js';
import { check, entitlementsEmulator, report, REPORT_USAGE_BULK, world } from '../entitlements/support.js';
import { governanceClient, governanceEmulator } from '../governance/support.js';

let emu: Emulator;
let gov: Emulator;
beforeAll(() => {
  emu = entitlementsEmulator();
  gov = governanceEmulator();
});
afterAll(async () => {
  await emu.close();
  await gov.close();
});

/** The environment's export is readable and imports back. */
async function exportImports(target: Emulator, envId: string) {
  const exported = await rest(target, 'GET', `/_emulator/environments/${envId}/export`);
  expect(exported.status).toBe(200);
  expect(JSON.stringify(exported.body)).not.toContain('null,"updatedAt"');
  const imported = await rest(target, 'POST', `/_emulator/environments/${envId}/import`, exported.body);
  expect(imported.status).toBe(200);
}

describe('finding 1: usage values', () => {
  it('refuses reportUsage of 1.7e308 and a DELTA sum past MAX_AMOUNT with BadUserInput; reads and export stay healthy', async () => {
    const { id, serverKey } = await world(emu);
    const huge = await report(emu, serverKey, { customerId: 'c-pro', featureId: 'f-seats', value: 1.7e308 });
    expect(codeOf(huge)).toBe('BadUserInput');
    const first = await report(emu, serverKey, { customerId: 'c-pro', featureId: 'f-seats', value: MAX_AMOUNT - 1 });
    expect(first.errors).toBeUndefined();
    const second = await report(emu, serverKey, { customerId: 'c-pro', featureId: 'f-seats', value: MAX_AMOUNT - 1 });
    expect(codeOf(second)).toBe('BadUserInput');
    expect(second.errors![0]!.message).toMatch(/usage would become larger than/);
    expect(await check(emu, serverKey, 'c-pro', 'f-seats')).toMatchObject({ currentUsage: MAX_AMOUNT - 1 });
    const negative = await report(emu, serverKey, { customerId: 'c-pro', featureId: 'f-seats', value: -1.7e308 });
    expect(codeOf(negative)).toBe('BadUserInput');
    await exportImports(emu, id);
  });

  it('refuses a reportUsageBulk whose sum would overflow, all or nothing', async () => {
    const { id, serverKey } = await world(emu);
    const usages = [
      { customerId: 'c-pro', featureId: 'f-seats', value: 5 },
      { customerId: 'c-pro', featureId: 'f-seats', value: MAX_AMOUNT },
    ];
    const answer = await gql(emu, serverKey, REPORT_USAGE_BULK, { input: { usages } });
    expect(codeOf(answer)).toBe('BadUserInput');
    expect(await check(emu, serverKey, 'c-pro', 'f-seats')).toMatchObject({ currentUsage: 0 });
    await exportImports(emu, id);
  });

  it('refuses out-of-range values in fixtures loaded at run time and in imports', async () => {
    const { id } = await world(emu);
    const fixtures = await rest(emu, 'POST', `/_emulator/environments/${id}/fixtures`, 'customers:\n  - id: c-huge\n    usage: [ { featureId: f-seats, value: 1.7e308 } ]\n', { 'content-type': 'application/yaml' });
    expect(fixtures.status).toBe(400);
    expect(fixtures.body.error.code).toBe('BadUserInput');
    const exported = (await rest(emu, 'GET', `/_emulator/environments/${id}/export`)).body;
    const bad = JSON.stringify(exported).replace(/"customers":\[/, '"customers":[{"id":"c-huge2","usage":[{"featureId":"f-seats","value":1e300}]},');
    const imported = await rest(emu, 'POST', `/_emulator/environments/${id}/import`, bad);
    expect(imported.status).toBe(400);
  });
});

describe('finding 1: governance amounts', () => {
  const spend = (amount: number) => ({ entityIds: ['drafter'], capabilityId: 'credits', amount });

  it('refuses an ingest of 1.7e308 and an ingest whose sum would pass MAX_AMOUNT; the tree and export stay readable', async () => {
    const client = governanceClient(gov);
    const huge = await client.ingest([spend(1.7e308)]);
    expect(huge.status).toBe(400);
    expect(huge.body.error.code).toBe('BadUserInput');
    expect((await client.ingest([spend(MAX_AMOUNT - 10)])).status).toBe(200);
    const over = await client.ingest([spend(MAX_AMOUNT - 10)]);
    expect(over.status).toBe(400);
    expect(over.body.error.message).toMatch(/would become larger than/);
    const tree = await client.gov('GET', '/owners/cus-acme/tree');
    expect(tree.status).toBe(200);
    expect(JSON.stringify(tree.body)).not.toContain('null,"utilization"');
    const checked = await client.check({ entityIds: ['drafter'], capabilityId: 'credits', requestedAmount: 1.7e308 });
    expect(checked.status).toBe(400);
    await exportImports(gov, client.envId);
  });

  it('refuses a budget (usageLimit) out of range', async () => {
    const client = governanceClient(gov);
    const put = await client.gov('PUT', '/owners/cus-acme/assignments', { assignments: [{ entityId: 'drafter', capabilityId: 'credits', usageLimit: 1.7e308, cadence: 'P1M' }] });
    expect(put.status).toBe(400);
  });

  it('exports ids the Governance API accepts so that they import back (found by the fuzz suite)', async () => {
    const client = governanceClient(gov);
    expect((await client.gov('PUT', '/entity-types', { types: [{ id: 'team:west', displayName: 'Team', attributionKeys: ['teamId'] }] })).status).toBe(200);
    expect((await client.gov('PUT', '/capabilities', { capabilities: [{ id: 'tokens/gpt', displayName: 'Tokens' }] })).status).toBe(200);
    await exportImports(gov, client.envId);
  });
});
