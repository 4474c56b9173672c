import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { codeOf, gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';

const PROVISION = `mutation ProvisionCustomer($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { customer { id } subscription { id } } }`;
const ARCHIVE = `mutation ArchiveCustomer($input: ArchiveCustomerInput!) { archiveCustomer(input: $input) { customerId } }`;
const GET = `query GetCustomerById($input: GetCustomerByRefIdInput!) {
  getCustomerByRefId(input: $input) { id name email additionalMetaData subscriptions { id status trialEndDate plan { refId } } }
}`;
const GOV = { authorization: 'Bearer t', 'x-stigg-account-id': 'acc' };

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator();
});
afterAll(() => emu.close());

async function scenario(id: string, serverKey: string) {
  await rest(emu, 'POST', `/_emulator/environments/${id}/clock`, { to: '2025-03-01T00:00:00Z', frozen: true });
  await gql(emu, serverKey, PROVISION, { input: { customerId: 'c-paid', name: 'Paid', email: 'paid@example.test', additionalMetaData: { tier: 'gold' }, subscriptionParams: { planId: 'plan-revvenu-growth', billingPeriod: 'MONTHLY' } } });
  await gql(emu, serverKey, PROVISION, { input: { customerId: 'c-gone', name: 'Gone', subscriptionParams: { planId: 'plan-revvenu-basic' } } });
  await gql(emu, serverKey, ARCHIVE, { input: { customerId: 'c-gone' } });
  const ingest = await rest(
    emu,
    'POST',
    '/governance/owners/cus-acme/ingest',
    { events: [{ entityIds: ['team-eng'], capabilityId: 'ai-tokens', amount: 1234 }] },
    { ...GOV, 'x-stigg-environment-id': id },
  );
  expect(ingest.status).toBe(200);
}

describe('export and import', () => {
  it('round-trips: export, import into another environment, export again gives the same document', async () => {
    const a = newEnvironment('exp');
    await scenario(a.id, a.serverKey);
    const first = await rest(emu, 'GET', `/_emulator/environments/${a.id}/export`);
    expect(first.status).toBe(200);
    const paid = first.body.customers.find((c: { id: string }) => c.id === 'c-paid');
    expect(paid).toMatchObject({ name: 'Paid', metadata: { tier: 'gold' }, subscriptions: [{ planId: 'plan-revvenu-growth', status: 'IN_TRIAL' }] });
    expect(first.body.customers.find((c: { id: string }) => c.id === 'c-gone')).toMatchObject({ archivedAt: '2025-03-01T00:00:00.000Z', subscriptions: [{ status: 'CANCELED', cancelReason: 'CustomerArchived' }] });
    const team = first.body.governance.owners['cus-acme'].assignments.find((x: { entityId: string }) => x.entityId === 'team-eng');
    expect(team.usage).toBeGreaterThanOrEqual(1234);

    const b = newEnvironment('imp');
    await rest(emu, 'POST', `/_emulator/environments/${b.id}/clock`, { to: '2025-03-01T00:00:00Z', frozen: true });
    const imported = await rest(emu, 'POST', `/_emulator/environments/${b.id}/import`, first.body);
    expect(imported.status).toBe(200);
    expect(imported.body.imported.customers).toBe(first.body.customers.length);
    const second = await rest(emu, 'GET', `/_emulator/environments/${b.id}/export`);
    expect(second.body).toEqual(first.body);

    // the imported world behaves: reads, archived customers, governance usage
    const got = await gql(emu, b.serverKey, GET, { input: { customerId: 'c-paid' } });
    expect(got.data!.getCustomerByRefId).toMatchObject({ name: 'Paid', subscriptions: [{ status: 'IN_TRIAL', plan: { refId: 'plan-revvenu-growth' } }] });
    expect(codeOf(await gql(emu, b.serverKey, GET, { input: { customerId: 'c-gone' } }))).toBe('CustomerNotFound');
    const check = await rest(
      emu,
      'POST',
      '/governance/owners/cus-acme/check',
      { entityIds: ['team-eng'], capabilityId: 'ai-tokens', requestedAmount: 1 },
      { ...GOV, 'x-stigg-environment-id': b.id },
    );
    const teamCheck = check.body.checks.find((x: { entityId: string; scopeEntityIds: string[] }) => x.entityId === 'team-eng' && x.scopeEntityIds.length === 0);
    expect(teamCheck.currentUsage).toBe(team.usage);
  });

  it('exports YAML on request, and imports YAML', async () => {
    const a = newEnvironment('yaml');
    await gql(emu, a.serverKey, PROVISION, { input: { customerId: 'c-yaml', name: 'Yaml' } });
    const res = await emu.request(`/_emulator/environments/${a.id}/export?format=yaml`);
    expect(res.headers.get('content-type')).toContain('yaml');
    const text = await res.text();
    expect(parseYaml(text).customers.map((c: { id: string }) => c.id)).toContain('c-yaml');
    const b = newEnvironment('yaml-in');
    const imported = await rest(emu, 'POST', `/_emulator/environments/${b.id}/import`, text, { 'content-type': 'application/yaml' });
    expect(imported.status).toBe(200);
    expect((await gql(emu, b.serverKey, GET, { input: { customerId: 'c-yaml' } })).data!.getCustomerByRefId.name).toBe('Yaml');
  });

  it('refuses an invalid document and changes nothing', async () => {
    const a = newEnvironment('bad');
    await gql(emu, a.serverKey, PROVISION, { input: { customerId: 'c-kept' } });
    const bad = await rest(emu, 'POST', `/_emulator/environments/${a.id}/import`, { customers: [{ id: 'c-new', subscriptions: [{ planId: 'plan-missing' }] }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('body: customers.0.subscriptions.0.planId: unknown plan "plan-missing"');
    expect((await gql(emu, a.serverKey, GET, { input: { customerId: 'c-kept' } })).data!.getCustomerByRefId.id).toBe('c-kept');
    expect((await rest(emu, 'GET', '/_emulator/environments/never-created/export')).status).toBe(404);
  });
});
