/** grantPromotionalEntitlementsGroup, revokePromotionalEntitlementsGroup, unlinkPromotionalEntitlementsGroup (E88-E91) with the clients' documents. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation, type Client } from '../support/documents.js';
import { codeOf, gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';

const NOW = '2025-03-10T12:00:00.000Z';
const ENTITLEMENT = `query($query: FetchEntitlementQuery!) { entitlement(query: $query) { isGranted usageLimit } }`;
const GROUP = 'featuregroup-analytics'; // the demo seed's group: feature-04-analytics, feature-03-memory
const GROUP_GRANTS = [
  { featureId: 'feature-04-analytics', period: 'ONE_MONTH' },
  { featureId: 'feature-03-memory', period: 'LIFETIME', usageLimit: 100 },
];

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator();
});
afterAll(() => emu.close());

async function world(client: Client = 'go') {
  const env = newEnvironment('pg');
  await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to: NOW, frozen: true });
  await gql(emu, env.serverKey, `mutation { provisionCustomer(input: { customerId: "c1" }) { customer { id } } }`);
  const send = (operation: string, input: Record<string, unknown>) => gql(emu, env.serverKey, clientOperation(client, operation), { input: { customerId: 'c1', ...input } });
  const entitlement = async (featureId: string) => (await gql(emu, env.serverKey, ENTITLEMENT, { query: { customerId: 'c1', featureId } })).data!.entitlement;
  const events = async () =>
    ((await rest(emu, 'GET', `/_emulator/environments/${env.id}/webhooks`)).body.events as { type: string; payload: any }[]).filter((e) => e.type.startsWith('promotionalEntitlement'));
  const groupIds = async () =>
    (
      await gql(emu, env.serverKey, `query { getCustomerByRefId(input: { customerId: "c1" }) { promotionalEntitlements { featureId featureGroupIds } } }`)
    ).data!.getCustomerByRefId.promotionalEntitlements;
  return { ...env, send, entitlement, events, groupIds };
}

describe('promotional entitlements by feature group', () => {
  for (const client of ['go', 'node', 'node-4', 'python', 'python-6'] as Client[]) {
    it(`${client}: granting a group grants each of its features, linked to the group (one promotionalEntitlement.granted each)`, async () => {
      const w = await world(client);
      const res = await w.send('GrantPromotionalEntitlementsGroup', { featureGroupId: GROUP, promotionalEntitlements: GROUP_GRANTS });
      expect(res.errors).toBeUndefined();
      expect(res.data!.grantPromotionalEntitlementsGroup.map((g: any) => [g.featureId, g.status, g.endDate, g.usageLimit])).toEqual([
        ['feature-04-analytics', 'Active', '2025-04-10T12:00:00.000Z', null],
        ['feature-03-memory', 'Active', null, 100],
      ]);
      expect(await w.entitlement('feature-03-memory')).toMatchObject({ isGranted: true, usageLimit: 100 });
      expect((await w.events()).map((e) => [e.type, e.payload.feature?.refId ?? e.payload.featureId])).toHaveLength(2);
      expect(await w.groupIds()).toEqual(
        expect.arrayContaining([
          { featureId: 'feature-04-analytics', featureGroupIds: [GROUP] },
          { featureId: 'feature-03-memory', featureGroupIds: [GROUP] },
        ]),
      );
    });
  }

  it('revoking a group removes every grant given through it (promotionalEntitlement.revoked each); again is PromotionalEntitlementNotFoundError', async () => {
    const w = await world();
    await w.send('GrantPromotionalEntitlementsGroup', { featureGroupId: GROUP, promotionalEntitlements: GROUP_GRANTS });
    const res = await w.send('RevokePromotionalEntitlementsGroup', { featureGroupId: GROUP });
    expect(res.errors).toBeUndefined();
    expect(res.data!.revokePromotionalEntitlementsGroup.map((g: any) => [g.featureId, g.status])).toEqual([
      ['feature-03-memory', 'Expired'],
      ['feature-04-analytics', 'Expired'],
    ]);
    expect(await w.entitlement('feature-04-analytics')).toMatchObject({ isGranted: false });
    expect((await w.events()).map((e) => e.type)).toEqual([
      'promotionalEntitlement.granted',
      'promotionalEntitlement.granted',
      'promotionalEntitlement.revoked',
      'promotionalEntitlement.revoked',
    ]);
    expect(codeOf(await w.send('RevokePromotionalEntitlementsGroup', { featureGroupId: GROUP }))).toBe('PromotionalEntitlementNotFoundError');
  });

  it('unlinking keeps the grants, each on its own (promotionalEntitlement.updated each): the group no longer revokes them', async () => {
    const w = await world();
    await w.send('GrantPromotionalEntitlementsGroup', { featureGroupId: GROUP, promotionalEntitlements: GROUP_GRANTS });
    const res = await w.send('UnlinkPromotionalEntitlementsGroup', { featureGroupId: GROUP });
    expect(res.errors).toBeUndefined();
    expect(res.data!.unlinkPromotionalEntitlementsGroup.map((g: any) => [g.featureId, g.status])).toEqual([
      ['feature-03-memory', 'Active'],
      ['feature-04-analytics', 'Active'],
    ]);
    expect((await w.events()).slice(2).map((e) => e.type)).toEqual(['promotionalEntitlement.updated', 'promotionalEntitlement.updated']);
    expect(await w.groupIds()).toEqual(expect.arrayContaining([{ featureId: 'feature-03-memory', featureGroupIds: [] }]));
    expect(await w.entitlement('feature-03-memory')).toMatchObject({ isGranted: true });
    expect(codeOf(await w.send('RevokePromotionalEntitlementsGroup', { featureGroupId: GROUP }))).toBe('PromotionalEntitlementNotFoundError');
    // a single revoke still works
    expect((await w.send('RevokePromotionalEntitlement', { featureId: 'feature-03-memory' })).errors).toBeUndefined();
  });

  it('bad input: an unknown group, a feature outside the group, a group feature left out, an unknown customer; nothing stored', async () => {
    const w = await world();
    expect(codeOf(await w.send('GrantPromotionalEntitlementsGroup', { featureGroupId: 'nope', promotionalEntitlements: GROUP_GRANTS }))).toBe('FeatureGroupNotFoundError');
    expect(
      codeOf(
        await w.send('GrantPromotionalEntitlementsGroup', {
          featureGroupId: GROUP,
          promotionalEntitlements: [...GROUP_GRANTS, { featureId: 'feature-01-templates', period: 'ONE_MONTH' }],
        }),
      ),
    ).toBe('FeatureNotBelongToFeatureGroupError');
    expect(codeOf(await w.send('GrantPromotionalEntitlementsGroup', { featureGroupId: GROUP, promotionalEntitlements: GROUP_GRANTS.slice(0, 1) }))).toBe(
      'FeatureGroupMissingFeaturesError',
    );
    expect(codeOf(await w.send('UnlinkPromotionalEntitlementsGroup', { featureGroupId: GROUP }))).toBe('PromotionalEntitlementNotFoundError');
    expect(
      codeOf(await gql(emu, w.serverKey, clientOperation('go', 'RevokePromotionalEntitlementsGroup'), { input: { customerId: 'nobody', featureGroupId: GROUP } })),
    ).toBe('CustomerNotFound');
    expect(await w.events()).toEqual([]);
    expect(await w.entitlement('feature-04-analytics')).toMatchObject({ isGranted: false });
  });
});
