/** grantPromotionalEntitlements and revokePromotionalEntitlement (E88-E91) over GraphQL, with the clients' documents. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation } from '../support/documents.js';
import { codeOf, gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';

const NOW = '2025-03-10T12:00:00.000Z';
const ENTITLEMENT = `query($query: FetchEntitlementQuery!) { entitlement(query: $query) { isGranted usageLimit accessDeniedReason } }`;

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator();
});
afterAll(() => emu.close());

async function world() {
  const env = newEnvironment('promo');
  await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to: NOW, frozen: true });
  await gql(emu, env.serverKey, `mutation { provisionCustomer(input: { customerId: "c1" }) { customer { id } } }`);
  const grant = (promotionalEntitlements: unknown[]) =>
    gql(emu, env.serverKey, clientOperation('go', 'GrantPromotionalEntitlements'), { input: { customerId: 'c1', promotionalEntitlements } });
  const revoke = (featureId: string) => gql(emu, env.serverKey, clientOperation('go', 'RevokePromotionalEntitlement'), { input: { customerId: 'c1', featureId } });
  const entitlement = async (featureId: string) => (await gql(emu, env.serverKey, ENTITLEMENT, { query: { customerId: 'c1', featureId } })).data!.entitlement;
  const events = async () => (await rest(emu, 'GET', `/_emulator/environments/${env.id}/webhooks`)).body.events as { type: string; payload: any }[];
  return { ...env, grant, revoke, entitlement, events };
}

describe('promotional entitlements', () => {
  it('E88, E91: a grant with a period ends after it; it grants without any subscription; LIFETIME never ends', async () => {
    const w = await world();
    expect(await w.entitlement('feature-01-templates')).toMatchObject({ isGranted: false });
    const res = await w.grant([
      { featureId: 'feature-01-templates', period: 'ONE_MONTH', usageLimit: 50 },
      { featureId: 'feature-03-custom-domain', period: 'LIFETIME' },
    ]);
    expect(res.errors).toBeUndefined();
    const granted = res.data!.grantPromotionalEntitlements;
    expect(granted.map((g: any) => [g.feature?.refId ?? g.featureId, g.status, g.endDate])).toEqual([
      ['feature-01-templates', 'Active', '2025-04-10T12:00:00.000Z'],
      ['feature-03-custom-domain', 'Active', null],
    ]);
    expect(await w.entitlement('feature-01-templates')).toMatchObject({ isGranted: true, usageLimit: 50 });
    expect((await w.events()).filter((e) => e.type.startsWith('promotionalEntitlement')).map((e) => [e.type, e.payload.period])).toEqual([
      ['promotionalEntitlement.granted', '1 month'],
      ['promotionalEntitlement.granted', 'lifetime'],
    ]);
    const moved = (await rest(emu, 'POST', `/_emulator/environments/${w.id}/clock`, { to: '2025-04-11T00:00:00Z' })).body;
    expect(moved.applied.filter((a: any) => a.customerId === 'c1').map((a: any) => [a.at, a.type, a.featureId])).toEqual([
      // 7 days before its end: promotionalEntitlement.ends_soon, then the end
      ['2025-04-03T12:00:00.000Z', 'promotionalEntitlement.ends_soon', 'feature-01-templates'],
      ['2025-04-10T12:00:00.000Z', 'promotionalEntitlement.expired', 'feature-01-templates'],
    ]);
    expect(await w.entitlement('feature-01-templates')).toMatchObject({ isGranted: false });
    expect(await w.entitlement('feature-03-custom-domain')).toMatchObject({ isGranted: true });
  });

  it('a new grant of the same feature replaces the old one (promotionalEntitlement.updated); CUSTOM needs customEndDate', async () => {
    const w = await world();
    await w.grant([{ featureId: 'feature-01-templates', period: 'ONE_WEEK', usageLimit: 5 }]);
    const again = await w.grant([{ featureId: 'feature-01-templates', period: 'CUSTOM', customEndDate: '2025-06-01T00:00:00Z', usageLimit: 9 }]);
    expect(again.errors).toBeUndefined();
    expect(again.data!.grantPromotionalEntitlements[0]).toMatchObject({ endDate: '2025-06-01T00:00:00.000Z', usageLimit: 9 });
    // the limit changed: entitlements.updated follows, in the same command
    expect((await w.events()).slice(-2).map((e) => e.type)).toEqual(['promotionalEntitlement.updated', 'entitlements.updated']);
    expect(codeOf(await w.grant([{ featureId: 'feature-01-templates', period: 'CUSTOM' }]))).toBe('BadUserInput');
    expect(codeOf(await w.grant([{ featureId: 'feature-nope', period: 'ONE_WEEK' }]))).toBe('FeatureNotFound');
    expect(codeOf(await w.grant([{ featureId: 'feature-01-templates', period: 'ONE_WEEK', usageLimit: -1 }]))).toBe('BadUserInput');
    expect(await w.entitlement('feature-01-templates')).toMatchObject({ usageLimit: 9 });
  });

  it('a grant with a reset period counts usage in windows rolling from the grant', async () => {
    const w = await world();
    const res = await w.grant([{ featureId: 'feature-02-campaigns', period: 'ONE_YEAR', usageLimit: 20, resetPeriod: 'MONTH' }]);
    expect(res.errors).toBeUndefined();
    expect(res.data!.grantPromotionalEntitlements[0]).toMatchObject({ resetPeriod: 'MONTH' });
    const query = `query($query: FetchEntitlementQuery!) { entitlement(query: $query) { usageLimit resetPeriod usagePeriodStart usagePeriodEnd } }`;
    const e = await gql(emu, w.serverKey, query, { query: { customerId: 'c1', featureId: 'feature-02-campaigns' } });
    expect(e.data!.entitlement).toEqual({ usageLimit: 20, resetPeriod: 'MONTH', usagePeriodStart: NOW, usagePeriodEnd: '2025-04-10T12:00:00.000Z' });
  });

  it('E90: revoking removes the grant (promotionalEntitlement.revoked); revoking again is PromotionalEntitlementNotFoundError', async () => {
    const w = await world();
    await w.grant([{ featureId: 'feature-01-templates', period: 'ONE_MONTH', usageLimit: 50 }]);
    const res = await w.revoke('feature-01-templates');
    expect(res.errors).toBeUndefined();
    expect(await w.entitlement('feature-01-templates')).toMatchObject({ isGranted: false });
    expect((await w.events()).slice(-2).map((e) => e.type)).toEqual(['promotionalEntitlement.revoked', 'entitlements.updated']);
    expect(codeOf(await w.revoke('feature-01-templates'))).toBe('PromotionalEntitlementNotFoundError');
    expect(codeOf(await gql(emu, w.serverKey, clientOperation('go', 'RevokePromotionalEntitlement'), { input: { customerId: 'nobody', featureId: 'feature-01-templates' } }))).toBe('CustomerNotFound');
  });
});
