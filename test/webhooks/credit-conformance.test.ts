/**
 * Credit webhook conformance: grants, usage priced in credits, direct consumption, automatic
 * recharge and the clock produce every credit event the emulator sends (CREDIT_EVENT_TYPES), through
 * GraphQL over HTTP, delivered to a real HTTP endpoint; each delivered payload validates against its
 * Stigg page (schema/stigg-webhooks.json, through ajv): the type string documented, required fields
 * present, enums documented (grantType PAID / PROMO / ADJUSTMENT), no field the page does not list.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { codeOf, gql, newEnvironment, rest } from '../support/emulator.js';
import { webhookProblems } from '../support/webhook-catalog.js';
import { CREDIT_EVENT_TYPES } from './conformance-coverage.js';
import { Receiver, waitFor, webhookEmulator } from './support.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'credit-conformance.yaml');

let emu: Emulator;
let receiver: Receiver;
beforeAll(async () => {
  emu = webhookEmulator({ fixtures: [FIXTURES], startTime: new Date('2024-12-01T00:00:00Z') });
  receiver = await new Receiver().start();
});
afterAll(async () => {
  await emu.close();
  await receiver.close();
});

const PROVISION_CUSTOMER = `mutation($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { customer { id } subscription { id } } }`;
const GRANT = `mutation($input: CreditGrantInput!) { createCreditGrant(input: $input) { grantId status amount consumedAmount } }`;
const UPDATE_GRANT = `mutation($input: UpdateCreditGrantInput!) { updateCreditGrant(input: $input) { grantId displayName priority comment expireAt status } }`;
const VOID_GRANT = `mutation($input: VoidCreditGrantInput!) { voidCreditGrant(input: $input) { grantId status } }`;
const CONSUME = `mutation($input: ConsumeCreditInput!) { consumeCredits(input: $input) { amount } }`;
const REPORT = `mutation($input: ReportUsageInput!) { reportUsage(input: $input) { currentUsage } }`;
const AUTO_RECHARGE = `mutation($input: SaveAutoRechargeSettingsInput!) { saveAutoRechargeSettings(input: $input) { id isEnabled currentMonthlySpend } }`;
const GRANTS = `query($input: GetCreditGrantsInput!) { creditGrants(input: $input) { edges { node { grantId grantType status amount consumedAmount displayName } } } }`;

async function ok(key: string, query: string, variables: Record<string, unknown>) {
  const res = await gql(emu, key, query, variables);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!;
}

type Payload = Record<string, any>;

describe("credit webhook conformance with Stigg's event pages", () => {
  it('every credit event of a credits lifecycle is documented, and its delivered payload validates against its page', async () => {
    const env = newEnvironment('credit-conformance');
    const key = env.serverKey;
    const path = `/hook/${env.id}`;
    expect((await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to: '2025-01-01T00:00:00Z', frozen: true })).status).toBe(200);
    expect((await rest(emu, 'POST', `/_emulator/environments/${env.id}/webhooks/endpoints`, { url: `${receiver.url}${path}`, secret: 's', events: [...CREDIT_EVENT_TYPES] })).status).toBe(201);
    const wallet = { customerId: 'c1', currencyId: 'cur-credits' };

    // a subscription that includes 100 credits a month (a RECURRING grant, expiring at the period's end)
    await ok(key, PROVISION_CUSTOMER, { input: { customerId: 'c1', name: 'Ada', email: 'ada@example.test', subscriptionParams: { planId: 'plan-credits', billingPeriod: 'MONTHLY' } } });
    // a paid grant and a promotional one: credit_grant.created
    const paid = (await ok(key, GRANT, { input: { ...wallet, amount: 50, displayName: 'Top-up', grantType: 'PAID', priority: 1, expireAt: '2025-01-20T00:00:00Z', cost: { amount: 25, currency: 'USD' } } })).createCreditGrant;
    const promo = (await ok(key, GRANT, { input: { ...wallet, amount: 20, displayName: 'Welcome', grantType: 'PROMOTIONAL', priority: 0 } })).createCreditGrant;
    // updateCreditGrant: credit_grant.updated
    const updated = (await ok(key, UPDATE_GRANT, { input: { id: paid.grantId, displayName: 'Top-up (extended)', priority: 2, comment: 'contract', expireAt: '2025-01-25T00:00:00Z' } })).updateCreditGrant;
    expect(updated).toMatchObject({ displayName: 'Top-up (extended)', priority: 2, comment: 'contract', status: 'ACTIVE' });

    // usage priced in credits (10 tokens x 1): the promotional grant (priority 0) falls to 50 % left
    await ok(key, REPORT, { input: { customerId: 'c1', featureId: 'f-tokens', value: 10 } });
    // direct consumption: the promotional grant is depleted, the paid one falls to 40 %, the wallet to 70 %
    await ok(key, CONSUME, { input: { ...wallet, amount: 40, idempotencyKey: 'k-40' } });
    // more than is left: every grant depleted, the wallet below 20 % and depleted (an overdraft of 10)
    await ok(key, CONSUME, { input: { ...wallet, amount: 130, idempotencyKey: 'k-130' } });

    // automatic recharge: enabled (configuration.changed), recharged at once to 50 (attempted), which settles the overdraft
    await ok(key, AUTO_RECHARGE, { input: { ...wallet, isEnabled: true, thresholdType: 'CreditAmount', thresholdValue: 10, targetBalance: 50, maxSpendLimit: 100 } });
    // a consumption under the threshold recharges again, up to the monthly limit (100 % of it spent)
    await ok(key, CONSUME, { input: { ...wallet, amount: 45, idempotencyKey: 'k-45' } });
    await ok(key, AUTO_RECHARGE, { input: { ...wallet, isEnabled: false } });
    // a void is reported as credit_grant.updated
    const grants = (await ok(key, GRANTS, { input: { customerId: 'c1' } })).creditGrants.edges.map((e: any) => e.node);
    const lastRecharge = grants.find((g: any) => g.displayName === 'Automatic recharge' && g.amount === 40);
    await ok(key, VOID_GRANT, { input: { id: lastRecharge.grantId } });

    // time: the paid grant, the first month's credits and the first recharge expire; the second month's credits are granted
    expect((await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to: '2025-02-02T00:00:00Z' })).status).toBe(200);

    const log = ((await rest(emu, 'GET', `/_emulator/environments/${env.id}/webhooks`)).body.events as { type: string; messageId: string; payload: Payload }[]).filter((e) =>
      (CREDIT_EVENT_TYPES as readonly string[]).includes(e.type),
    );
    await waitFor(() => receiver.received.filter((r) => r.path === path).length >= log.length, 10_000);
    // deliveries may arrive in any order: read them in the log's
    const byMessage = new Map(receiver.received.filter((r) => r.path === path).map((r) => [r.body.messageId as string, r.body as Payload]));
    expect(byMessage.size).toBe(log.length);
    const delivered = log.map((e) => byMessage.get(e.messageId)!);
    expect(delivered.every(Boolean)).toBe(true);

    expect(delivered.flatMap((payload) => webhookProblems(payload))).toEqual([]);
    expect(new Set(delivered.map((p) => p.type))).toEqual(new Set(CREDIT_EVENT_TYPES));

    // the documented grantType values: RECURRING and PAID -> PAID, PROMOTIONAL -> PROMO, the overdraft -> ADJUSTMENT
    const created = delivered.filter((p) => p.type === 'credit_grant.created');
    expect(created.map((p) => [p.displayName, p.grantType, p.amount])).toEqual([
      ['Pro credits', 'PAID', 100],
      ['Top-up', 'PAID', 50],
      ['Welcome', 'PROMO', 20],
      ['Overdraft', 'ADJUSTMENT', 0],
      ['Automatic recharge', 'PAID', 60],
      ['Automatic recharge', 'PAID', 40],
      ['Pro credits', 'PAID', 100],
    ]);
    expect(created[1]).toMatchObject({ customerId: 'c1', grantId: paid.grantId, currencyId: 'cur-credits', cost: { amount: 25, currency: 'USD' }, expireAt: '2025-01-20T00:00:00.000Z', priority: 1 });
    expect(delivered.find((p) => p.type === 'credit_grant.updated' && p.grantId === paid.grantId)).toMatchObject({ displayName: 'Top-up (extended)', priority: 2, expireAt: '2025-01-25T00:00:00.000Z' });

    // grant thresholds: the lowest passed of 80 / 50 / 20 % left; balance thresholds likewise
    expect(delivered.filter((p) => p.type === 'credit_grant.balance.low').map((p) => [p.grant.displayName, p.thresholdPercentage, p.remainingBalancePercentage, p.consumedPercentage])).toEqual([
      ['Welcome', 80, 50, 50],
      ['Welcome', 20, 0, 100],
      ['Top-up (extended)', 50, 40, 60],
      ['Top-up (extended)', 20, 0, 100],
      ['Pro credits', 20, 0, 100],
      ['Automatic recharge', 20, 8.33, 91.67],
    ]);
    const low = delivered.find((p) => p.type === 'credit_grant.balance.low')!;
    expect(low).toMatchObject({ customer: { id: 'c1', name: 'Ada' }, creditCurrency: { id: 'cur-credits', name: 'Credits', unitLabel: { singular: 'credit', plural: 'credits' } }, grant: { id: promo.grantId, grantType: 'PROMO', amount: 20, remainingBalance: 10 } });
    expect(typeof low.messageId).toBe('string');
    expect(delivered.filter((p) => p.type === 'credit_balance.low').map((p) => [p.thresholdPercentage, p.totalGranted, p.remainingBalance, p.eventId])).toEqual([
      [80, 170, 120, 'k-40'],
      [20, 170, -10, 'k-130'],
      [20, 230, 5, 'k-45'],
    ]);
    expect(delivered.filter((p) => p.type === 'credit_grant.depleted').map((p) => p.displayName)).toEqual(['Welcome', 'Top-up (extended)', 'Pro credits']);
    expect(delivered.filter((p) => p.type === 'credit_balance.depleted').map((p) => [p.totalGranted, p.remainingBalance, p.consumedPercentage, p.eventId])).toEqual([[170, -10, 100, 'k-130']]);

    // automatic recharge
    const configs = delivered.filter((p) => p.type === 'automatic_recharge.configuration.changed');
    expect(configs.map((p) => [p.isEnabled, p.changedBy])).toEqual([
      [true, 'USER'],
      [false, 'USER'],
    ]);
    expect(delivered.filter((p) => p.type === 'automatic_recharge.operation.attempted').map((p) => [p.status, p.amount, p.configId])).toEqual([
      ['SUCCESS', 60, configs[0]!.configId],
      ['SUCCESS', 40, configs[0]!.configId],
    ]);
    expect(delivered.filter((p) => p.type === 'credits.automatic_recharge_limit_exceeded').map((p) => [p.threshold, p.totalSpent, p.maxSpendLimit, p.percentageUsed])).toEqual([[100, 100, 100, 100]]);

    // expiries, each dated at its grant's expiry
    expect(delivered.filter((p) => p.type === 'credit_grant.expired').map((p) => [p.displayName, p.timestamp])).toEqual([
      ['Top-up (extended)', '2025-01-25T00:00:00.000Z'],
      ['Pro credits', '2025-02-01T00:00:00.000Z'],
      ['Automatic recharge', '2025-02-01T00:00:00.000Z'],
    ]);
    // the voided recharge does not expire; the settled overdraft is voided
    const after = (await ok(key, GRANTS, { input: { customerId: 'c1' } })).creditGrants.edges.map((e: any) => e.node);
    expect(after.find((g: any) => g.grantType === 'OVERDRAFT')).toMatchObject({ status: 'VOIDED', consumedAmount: 0 });
    expect(after.find((g: any) => g.grantId === lastRecharge.grantId)).toMatchObject({ status: 'VOIDED' });
  });

  it('updateCreditGrant follows Stigg\'s rules: unknown grant, voided grant, expired grant\'s expiry, priority 0-100, dates', async () => {
    const env = newEnvironment('credit-update');
    const key = env.serverKey;
    expect((await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to: '2025-01-01T00:00:00Z', frozen: true })).status).toBe(200);
    await ok(key, PROVISION_CUSTOMER, { input: { customerId: 'c1' } });
    const wallet = { customerId: 'c1', currencyId: 'cur-credits' };
    const grant = async (input: Record<string, unknown>) => (await ok(key, GRANT, { input: { ...wallet, amount: 10, displayName: 'g', grantType: 'PAID', ...input } })).createCreditGrant;
    const update = (input: Record<string, unknown>) => gql(emu, key, UPDATE_GRANT, { input });
    const g = await grant({ expireAt: '2025-03-01T00:00:00Z' });
    expect(codeOf(await update({ id: '00000000-0000-0000-0000-000000000000' }))).toBe('CreditGrantNotFound');
    expect(codeOf(await update({ id: g.grantId, priority: 101 }))).toBe('BadUserInput');
    expect(codeOf(await update({ id: g.grantId, priority: -1 }))).toBe('BadUserInput');
    expect(codeOf(await update({ id: g.grantId, displayName: '  ' }))).toBe('BadUserInput');
    expect(codeOf(await update({ id: g.grantId, comment: 'x'.repeat(201) }))).toBe('BadUserInput');
    expect(codeOf(await update({ id: g.grantId, expireAt: '2024-12-01T00:00:00Z' }))).toBe('ExpireAtMustBeLaterThanEffectiveAtError');
    // null: never expires
    expect((await update({ id: g.grantId, expireAt: null })).data!.updateCreditGrant).toMatchObject({ expireAt: null, status: 'ACTIVE' });
    // an expiry moved to now expires the grant at once (credit_grant.expired in the same command)
    const soon = await grant({ expireAt: '2025-02-01T00:00:00Z' });
    expect((await update({ id: soon.grantId, expireAt: '2025-01-01T00:00:00Z', effectiveAt: '2024-12-01T00:00:00Z' })).data!.updateCreditGrant).toMatchObject({ status: 'EXPIRED' });
    expect(codeOf(await update({ id: soon.grantId, expireAt: '2025-06-01T00:00:00Z' }))).toBe('CannotUpdateExpireAtForExpiredCreditGrantError');
    const voided = await grant({});
    await ok(key, VOID_GRANT, { input: { id: voided.grantId } });
    // a grant written already expired: credit_grant.expired in the same command
    const past = await grant({ effectiveAt: '2024-11-01T00:00:00Z', expireAt: '2024-12-01T00:00:00Z' });
    expect(past.status).toBe('EXPIRED');
    expect(codeOf(await update({ id: voided.grantId, displayName: 'again' }))).toBe('CreditGrantAlreadyVoided');
    const log = (await rest(emu, 'GET', `/_emulator/environments/${env.id}/webhooks`)).body.events as { type: string; payload: Payload }[];
    const credit = log.filter((e) => e.type.startsWith('credit_grant.'));
    // failed updates record nothing
    const name = new Map([
      [g.grantId, 'g'],
      [soon.grantId, 'soon'],
      [voided.grantId, 'voided'],
      [past.grantId, 'past'],
    ]);
    expect(credit.map((e) => [e.type, name.get(e.payload.grantId)])).toEqual([
      ['credit_grant.created', 'g'],
      ['credit_grant.updated', 'g'],
      ['credit_grant.created', 'soon'],
      ['credit_grant.updated', 'soon'],
      ['credit_grant.expired', 'soon'],
      ['credit_grant.created', 'voided'],
      ['credit_grant.updated', 'voided'],
      ['credit_grant.created', 'past'],
      ['credit_grant.expired', 'past'],
    ]);
    expect(credit.flatMap((e) => webhookProblems(e.payload))).toEqual([]);
    // the expiry is not reported a second time when the clock passes it
    expect((await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to: '2025-04-01T00:00:00Z' })).status).toBe(200);
    const again = ((await rest(emu, 'GET', `/_emulator/environments/${env.id}/webhooks`)).body.events as { type: string }[]).filter((e) => e.type === 'credit_grant.expired');
    expect(again).toHaveLength(2);
  });
});
