/**
 * Webhook conformance: a lifecycle that produces every non-credit event the emulator sends,
 * delivered to a real HTTP endpoint, each payload validated against Stigg's documented events
 * (schema/stigg-webhooks.json, through ajv): the type string documented, required fields present
 * with their types, enums documented, no field the page does not list. The credit events have
 * credit-conformance.test.ts, the catalog events catalog-conformance.test.ts; together the three
 * cover every in-scope type of the catalog, and
 * docs/webhooks.md's table lists exactly the types the emulator sends.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { IN_SCOPE_EVENT_TYPES, catalogEvent, webhookCatalog } from '../../src/webhooks/webhook-catalog.js';
import { webhookTypeOf, WEBHOOK_EVENT_TYPES } from '../../src/webhooks/webhook-rules.js';
import { recordEvent } from '../../src/webhooks/webhook-service.js';
import { gql, newEnvironment, rest } from '../support/emulator.js';
import { webhookProblems } from '../support/webhook-catalog.js';
import { CATALOG_EVENT_TYPES, CORE_EVENT_TYPES, CREDIT_EVENT_TYPES } from './conformance-coverage.js';
import { Receiver, waitFor, webhookEmulator } from './support.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'conformance.yaml');
const DOCS = join(import.meta.dirname, '..', '..', 'docs', 'webhooks.md');

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

async function ok(key: string, query: string, variables: Record<string, unknown>) {
  const res = await gql(emu, key, query, variables);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!;
}

const PROVISION_CUSTOMER = `mutation($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { customer { id } subscription { id } } }`;
const PROVISION = `mutation($input: ProvisionSubscriptionInput!) { provisionSubscriptionV2(input: $input) { subscription { id status } } }`;
const CREATE = `mutation($input: SubscriptionInput!) { createSubscription(subscription: $input) { id status } }`;
const UPDATE_CUSTOMER = `mutation($input: UpdateCustomerInput!) { updateOneCustomer(input: $input) { id } }`;
const UPDATE_SUBSCRIPTION = `mutation($input: UpdateSubscriptionInput!) { updateOneSubscription(input: $input) { id } }`;
const CANCEL = `mutation($input: SubscriptionCancellationInput!) { cancelSubscription(input: $input) { id status } }`;
const ARCHIVE = `mutation($input: ArchiveCustomerInput!) { archiveCustomer(input: $input) { customerId } }`;
const REPORT = `mutation($input: ReportUsageInput!) { reportUsage(input: $input) { currentUsage } }`;
const GRANT = `mutation($input: GrantPromotionalEntitlementsInput!) { grantPromotionalEntitlements(input: $input) { status } }`;
const REVOKE = `mutation($input: RevokePromotionalEntitlementInput!) { revokePromotionalEntitlement(input: $input) { status } }`;

describe('webhook conformance with Stigg\'s event pages', () => {
  it('every event of a lifecycle is documented, and its delivered payload validates against its page', async () => {
    const env = newEnvironment('conformance');
    const key = env.serverKey;
    const path = `/hook/${env.id}`;
    expect((await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to: '2025-01-01T00:00:00Z', frozen: true })).status).toBe(200);
    expect((await rest(emu, 'POST', `/_emulator/environments/${env.id}/webhooks/endpoints`, { url: `${receiver.url}${path}`, secret: 's' })).status).toBe(201);

    // customers: created, updated, deleted (archiving)
    await ok(key, PROVISION_CUSTOMER, { input: { customerId: 'c1', name: 'Ada', email: 'ada@example.test', subscriptionParams: { planId: 'plan-basic' } } });
    await ok(key, UPDATE_CUSTOMER, { input: { customerId: 'c1', name: 'Ada L.', additionalMetaData: { tier: 'gold' } } });
    for (const id of ['c2', 'c3', 'c4', 'c5', 'c6']) await ok(key, PROVISION_CUSTOMER, { input: { customerId: id } });

    // usage: measurement.reported for each report, entitlement.usage_exceeded past 80 % of the limit
    await ok(key, REPORT, { input: { customerId: 'c1', featureId: 'f-api', value: 3 } });
    await ok(key, REPORT, { input: { customerId: 'c1', featureId: 'f-api', value: 6 } });

    // promotional entitlements: granted, updated (granted again), revoked; ends_soon and expired come with time
    await ok(key, GRANT, { input: { customerId: 'c1', promotionalEntitlements: [{ featureId: 'f-flag', period: 'ONE_MONTH' }] } });
    await ok(key, GRANT, { input: { customerId: 'c1', promotionalEntitlements: [{ featureId: 'f-flag', period: 'ONE_MONTH', isVisible: false }] } });
    await ok(key, REVOKE, { input: { customerId: 'c1', featureId: 'f-flag' } });
    await ok(key, GRANT, { input: { customerId: 'c2', promotionalEntitlements: [{ featureId: 'f-flag', period: 'CUSTOM', customEndDate: '2025-01-20T00:00:00Z' }] } });

    // subscriptions: trials that convert and that expire, an annual one (billing month notices), a non-recurring one
    await ok(key, PROVISION, { input: { customerId: 'c2', planId: 'plan-convert', billingPeriod: 'MONTHLY' } });
    await ok(key, PROVISION, { input: { customerId: 'c3', planId: 'plan-cancel', billingPeriod: 'MONTHLY' } });
    await ok(key, PROVISION, { input: { customerId: 'c4', planId: 'plan-annual', billingPeriod: 'ANNUALLY' } });
    const ending = await ok(key, CREATE, { input: { customerId: 'c6', planId: 'plan-basic', endDate: '2025-01-10T00:00:00Z' } });
    expect(ending.createSubscription.status).toBe('ACTIVE');

    // a spend limit: 80 % then 100 %
    const usage = await ok(key, PROVISION, { input: { customerId: 'c5', planId: 'plan-usage', billingPeriod: 'MONTHLY', budget: { limit: 10, hasSoftLimit: true } } });
    const usageId = usage.provisionSubscriptionV2.subscription.id;
    await ok(key, REPORT, { input: { customerId: 'c5', featureId: 'f-calls', value: 8 } });
    await ok(key, REPORT, { input: { customerId: 'c5', featureId: 'f-calls', value: 2 } });
    await ok(key, UPDATE_SUBSCRIPTION, { input: { subscriptionId: usageId, additionalMetaData: { team: 'a' } } });
    await ok(key, CANCEL, { input: { subscriptionRefId: usageId, subscriptionCancellationTime: 'IMMEDIATE' } });

    // time: trial ends soon and ends, the promotion ends soon and expires, billing month ends soon, the subscription expires
    expect((await rest(emu, 'POST', `/_emulator/environments/${env.id}/clock`, { to: '2025-02-01T00:00:00Z' })).status).toBe(200);
    await ok(key, ARCHIVE, { input: { customerId: 'c6' } });

    const log = (await rest(emu, 'GET', `/_emulator/environments/${env.id}/webhooks`)).body.events as { messageId: string; type: string; payload: Record<string, unknown> }[];
    await waitFor(() => receiver.received.filter((r) => r.path === path).length >= log.length, 10_000);
    const delivered = receiver.received.filter((r) => r.path === path).map((r) => r.body);
    expect(delivered).toHaveLength(log.length);

    const problems = delivered.flatMap((payload) => webhookProblems(payload));
    expect(problems).toEqual([]);
    expect(new Set(delivered.map((p) => p.type))).toEqual(new Set(CORE_EVENT_TYPES));

    // the documented thresholds and reasons
    const spend = delivered.filter((p) => p.type === 'subscription.spend_limit.exceeded');
    expect(spend.map((p) => [p.thresholdPercentage, p.currentSpend, p.spendLimit, p.isSoftLimit])).toEqual([
      [80, 8, 10, true],
      [100, 10, 10, true],
    ]);
    expect(delivered.find((p) => p.type === 'subscription.trial_converted')).toMatchObject({ reason: 'TRIAL_ENDED', status: 'ACTIVE' });
    expect(delivered.find((p) => p.type === 'promotionalEntitlement.ends_soon')).toMatchObject({ endDate: '2025-01-20T00:00:00.000Z', notifyBeforeDays: 7, customer: { id: 'c2' } });
    expect(delivered.filter((p) => p.type === 'measurement.reported' && (p.customer as { id: string }).id === 'c1').map((p) => [p.currentChange, p.currentUsage])).toEqual([
      [3, 3],
      [6, 9],
    ]);
  });

  it('an event lacking a field its page requires is logged with its error and sent nowhere', async () => {
    const env = newEnvironment('incomplete');
    expect((await rest(emu, 'POST', `/_emulator/environments/${env.id}/webhooks/endpoints`, { url: `${receiver.url}/incomplete` })).status).toBe(201);
    const environment = emu.registry.get(env.id);
    environment.transaction((db) => recordEvent(db, environment.nowMs(), 'credit_grant.updated', { grantId: 'g-1', customerId: null }));
    const log = (await rest(emu, 'GET', `/_emulator/environments/${env.id}/webhooks`)).body.events as { type: string; payload: any; deliveries: unknown[] }[];
    expect(log).toHaveLength(1);
    expect(log[0]!.deliveries).toEqual([]);
    expect(log[0]!.payload.error).toEqual({
      code: 'WebhookPayloadIncomplete',
      message: 'cannot build credit_grant.updated: required field customerId missing or null',
      missing: ['customerId'],
    });
    expect(log[0]!.payload).not.toHaveProperty('grantId');
  });

  it('an undocumented field, type or enum value is reported', () => {
    expect(webhookProblems({ type: 'subscription.spent_limit_exceeded' })).toEqual(['subscription.spent_limit_exceeded: no Stigg page documents this type string']);
    expect(webhookProblems({ type: 'customer.created', id: 'c', createdAt: 'x' })).toEqual(["customer.created (payload): must NOT have additional properties 'createdAt'"]);
    expect(webhookProblems({ type: 'credit_grant.created', customerId: 'c', grantId: 'g', amount: 1, currencyId: 'x', effectiveAt: '2025-01-01T00:00:00Z', grantType: 'PROMOTIONAL' })).toEqual([
      'credit_grant.created /grantType: must be equal to one of the allowed values ["PAID","PROMO","ADJUSTMENT"]',
    ]);
    expect(webhookProblems({ type: 'credit_grant.updated', grantId: 'g' })).toEqual(["credit_grant.updated (payload): must have required property 'customerId'"]);
  });

  it('the emulator sends exactly the in-scope types of the catalog, each covered by a conformance test', () => {
    expect([...WEBHOOK_EVENT_TYPES].sort()).toEqual([...IN_SCOPE_EVENT_TYPES].sort());
    expect([...CORE_EVENT_TYPES, ...CREDIT_EVENT_TYPES, ...CATALOG_EVENT_TYPES].sort()).toEqual([...IN_SCOPE_EVENT_TYPES].sort());
    for (const type of WEBHOOK_EVENT_TYPES) expect(catalogEvent(type)?.inScope, type).toBe(true);
    // the GraphQL EventLogType names reach the documented strings (endpoint filters accept either)
    expect(webhookTypeOf('SUBSCRIPTION_SPENT_LIMIT_EXCEEDED')).toBe('subscription.spend_limit.exceeded');
    expect(webhookTypeOf('SUBSCRIPTION_TRIAL_ENDS_SOON')).toBe('subscription.trial.ends_soon');
    expect(webhookTypeOf('PROMOTIONAL_ENTITLEMENT_GRANTED')).toBe('promotionalEntitlement.granted');
    expect(webhookTypeOf('CREDIT_GRANT_BALANCE_LOW')).toBe('credit_grant.balance.low');
    expect(webhookTypeOf('PLAN_CREATED')).toBe('plan.created');
    expect(webhookTypeOf('ADDON_DELETED')).toBe('addon.deleted');
  });

  it("docs/webhooks.md's table of emitted events is the catalog's in-scope list, with each page", () => {
    const text = readFileSync(DOCS, 'utf8');
    const section = text.slice(text.indexOf('## Events the emulator sends'));
    const rows = [...section.matchAll(/^\| `([^`]+)` \|.*\| (https:\/\/docs\.stigg\.io\/\S+) \|$/gm)].map((m) => [m[1], m[2]]);
    expect(rows.map(([type]) => type).sort()).toEqual([...IN_SCOPE_EVENT_TYPES].sort());
    for (const [type, url] of rows) expect(url, type).toBe(webhookCatalog.events[type!]!.url);
  });
});
