/**
 * The official @stigg/node-server-sdk (3.95.0) drives the credit webhooks: grantCredits,
 * reportUsage of a credit-priced feature and voidCreditGrant (the SDK has no updateCreditGrant: a
 * void is its grant change, reported as credit_grant.updated). Every delivered payload validates
 * against its Stigg page.
 */
import { join } from 'node:path';
import { Stigg } from '@stigg/node-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { gql, newEnvironment, rest } from '../support/emulator.js';
import { webhookProblems } from '../support/webhook-catalog.js';
import { Receiver, waitFor, webhookEmulator } from '../webhooks/support.js';

let emu: Emulator;
let stigg: Stigg;
let receiver: Receiver;
const env = newEnvironment('sdk-credit-webhooks');

beforeAll(async () => {
  emu = webhookEmulator({ fixtures: [join(import.meta.dirname, '..', 'credits', 'fixtures', 'credit-usage.yaml')] });
  receiver = await new Receiver().start();
  const url = (await emu.listen()).url;
  stigg = Stigg.initialize({ apiKey: env.serverKey, baseUri: url, enableEdge: false, realtimeUpdatesEnabled: false });
  await stigg.waitForInitialization();
});

afterAll(async () => {
  stigg?.close();
  await emu.close();
  await receiver.close();
});

describe('@stigg/node-server-sdk: credit webhooks', () => {
  it('grantCredits, reportUsage and voidCreditGrant send credit_grant.*, credit_grant.balance.low and credit_balance.* as the pages define them', async () => {
    const path = `/hook/${env.id}`;
    expect((await rest(emu, 'POST', `/_emulator/environments/${env.id}/webhooks/endpoints`, { url: `${receiver.url}${path}`, events: ['credit_grant.created', 'credit_grant.updated', 'credit_grant.depleted', 'credit_grant.balance.low', 'credit_balance.low', 'credit_balance.depleted'] })).status).toBe(201);
    const customerId = 'customer-a';
    // 100 credits a month with the plan, 20 promotional ones drawn first
    await stigg.provisionSubscription({ customerId, planId: 'plan-ai', billingPeriod: 'MONTHLY' as never });
    const promo = await stigg.grantCredits({ customerId, currencyId: 'currency-credits', amount: 20, displayName: 'Welcome', grantType: 'PROMOTIONAL' as never, priority: 0 });
    // 60 tokens x 2 credits: all 120 credits
    await stigg.reportUsage({ customerId, featureId: 'feature-ai-tokens', value: 60 });
    const extra = await stigg.grantCredits({ customerId, currencyId: 'currency-credits', amount: 10, displayName: 'Extra', grantType: 'PAID' as never });
    await stigg.voidCreditGrant({ id: extra!.grantId });

    const log = ((await rest(emu, 'GET', `/_emulator/environments/${env.id}/webhooks`)).body.events as { type: string; messageId: string }[]).filter((e) => e.type.startsWith('credit_'));
    await waitFor(() => receiver.received.filter((r) => r.path === path).length >= log.length, 10_000);
    // deliveries may arrive in any order: read them in the log's
    const byMessage = new Map(receiver.received.filter((r) => r.path === path).map((r) => [r.body.messageId as string, r.body]));
    expect(byMessage.size).toBe(log.length);
    const delivered = log.map((e) => byMessage.get(e.messageId)!);
    expect(delivered.flatMap((p) => webhookProblems(p))).toEqual([]);
    expect(delivered.map((p) => [p.type, p.grantId ?? p.grant?.id ?? null])).toEqual([
      // the plan's monthly credits and its yearly soft-limit ones
      ['credit_grant.created', expect.any(String)],
      ['credit_grant.created', expect.any(String)],
      ['credit_grant.created', promo!.grantId],
      ['credit_grant.balance.low', promo!.grantId],
      ['credit_grant.depleted', promo!.grantId],
      ['credit_grant.balance.low', expect.any(String)],
      ['credit_grant.depleted', expect.any(String)],
      ['credit_balance.low', null],
      ['credit_balance.depleted', null],
      ['credit_grant.created', extra!.grantId],
      ['credit_grant.updated', extra!.grantId],
    ]);
    expect(delivered[2]).toMatchObject({ customerId, grantType: 'PROMO', amount: 20 });
    expect(delivered[8]).toMatchObject({ customer: { id: customerId }, creditCurrency: { id: 'currency-credits', name: 'Credits' }, totalGranted: 120, remainingBalance: 0, consumedPercentage: 100 });
  });

  it('an overdraft settled by grantCredits is voided, reported with credit_grant.updated (Stigg\'s credits webhook page)', async () => {
    const overdraftEnv = newEnvironment('sdk-overdraft');
    const client = Stigg.initialize({ apiKey: overdraftEnv.serverKey, baseUri: (await emu.listen()).url, enableEdge: false, realtimeUpdatesEnabled: false });
    try {
      await client.waitForInitialization();
      const customerId = 'customer-b';
      await client.provisionSubscription({ customerId, planId: 'plan-ai', billingPeriod: 'MONTHLY' as never });
      // 70 tokens x 2 credits = 140 of the 100 granted: 40 on the overdraft grant
      await client.reportUsage({ customerId, featureId: 'feature-ai-tokens', value: 70 });
      const listed = async () => (await client.getCreditGrants({ customerId, currencyId: 'currency-credits' })).data as any[];
      const overdraft = (await listed()).find((g: any) => g.grantType === 'OVERDRAFT');
      expect(overdraft).toMatchObject({ consumedAmount: 40, amount: 0 });
      // a grant of 50 pays the 40 owed: the overdraft grant is settled, then voided
      await client.grantCredits({ customerId, currencyId: 'currency-credits', amount: 50, displayName: 'Top-up', grantType: 'PAID' as never });
      // the SDK's grant fragment has no status: read it through GraphQL
      const statuses = await gql(emu, overdraftEnv.serverKey, `query($input: GetCreditGrantsInput!) { creditGrants(input: $input) { edges { node { grantId grantType status } } } }`, { input: { customerId } });
      expect(statuses.errors).toBeUndefined();
      expect(statuses.data!.creditGrants.edges.map((e: any) => e.node).find((g: any) => g.grantId === overdraft.grantId)).toMatchObject({ grantType: 'OVERDRAFT', status: 'VOIDED' });
      const log = (await rest(emu, 'GET', `/_emulator/environments/${overdraftEnv.id}/webhooks`)).body.events as { type: string; payload: any }[];
      const updates = log.filter((e) => e.type === 'credit_grant.updated').map((e) => e.payload);
      expect(updates.find((p) => p.grantId === overdraft.grantId)).toMatchObject({ customerId, grantType: 'ADJUSTMENT' });
      expect(log.map((e) => e.payload).flatMap((p) => webhookProblems(p))).toEqual([]);
    } finally {
      client.close();
    }
  });
});
