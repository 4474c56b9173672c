/**
 * Scenarios behind documented answers that no single command shows (`<!-- doctest: scenario NAME -->`
 * on a json block): each sets up what the prose before the block describes, in an emulator or an
 * environment of its own, and answers the JSON the block documents (doctest.test.ts compares).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../src/index.js';
import { blocksOf } from './doctest.js';

const START_TIME = '2025-01-01T00:00:00Z';

async function graphql(emu: RunningEmulator, env: string, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const res = await fetch(`${emu.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': `server-${env}` }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  if (body.errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(body.errors)}`);
  return body.data!;
}

const PROVISION = 'mutation P($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { customer { id } } }';

/** An emulator seeded with one fixture text only (no demo seed), started at START_TIME. */
async function emulatorWith(yaml: string): Promise<RunningEmulator> {
  const file = join(mkdtempSync(join(tmpdir(), 'stigg-emulator-doc-scenario-')), 'fixtures.yaml');
  writeFileSync(file, yaml);
  return startEmulator({ fixtures: file, startTime: START_TIME });
}

/**
 * The trial of docs/fixtures.md and docs/time-travel.md: product-main downgrades to plan-free at the end of a subscription; plan-pro
 * has a 14-day trial. Customer c1, without a payment method, on plan-pro's trial from 1 January.
 */
const TRIAL_CATALOG = `
features:
  - { id: feature-seats, featureType: NUMBER, meterType: Fluctuating }
products:
  - id: product-main
    customerJourney: { subscriptionEndSetup: DOWNGRADE_TO_FREE, downgradePlanId: plan-free }
plans:
  - { id: plan-free, productId: product-main, pricingType: FREE, entitlements: [ { featureId: feature-seats, usageLimit: 2 } ] }
  - id: plan-pro
    productId: product-main
    pricingType: PAID
    defaultTrialConfig: { duration: 14, units: DAY }
    prices: [ { billingModel: FLAT_FEE, billingPeriod: MONTHLY, amount: 49, currency: USD } ]
    entitlements: [ { featureId: feature-seats, usageLimit: 10 } ]
`;

async function trialOfC1<T>(move: (emu: RunningEmulator) => Promise<T>): Promise<T> {
  const emu = await emulatorWith(TRIAL_CATALOG);
  try {
    await graphql(emu, 'local', PROVISION, { input: { customerId: 'c1', subscriptionParams: { planId: 'plan-pro', billingPeriod: 'MONTHLY', startDate: START_TIME } } });
    return await move(emu);
  } finally {
    await emu.close();
  }
}

/** customer-1 on plan-revvenu-growth with two addon-10-campaigns, provisioned on 1 June 2025 (demo seed). */
async function customerOneWebhooks(withEndpoint: boolean): Promise<{ events: { type: string; payload: Record<string, unknown> }[] }> {
  const emu = await startEmulator({ startTime: START_TIME });
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const env = 'doc-webhooks';
    await emu.moveClock(env, { to: '2025-06-01T00:00:00Z', frozen: true });
    if (withEndpoint) {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/stigg`;
      await fetch(`${emu.url}/_emulator/environments/${env}/webhooks/endpoints`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url }) });
      await graphql(emu, env, PROVISION, { input: { customerId: 'customer-1', name: 'Ada', email: 'ada@example.test' } });
    } else {
      await graphql(emu, env, PROVISION, {
        input: {
          customerId: 'customer-1',
          name: 'Ada',
          email: 'ada@example.test',
          billingId: 'cus_1',
          additionalMetaData: { tier: 'gold' },
          subscriptionParams: { planId: 'plan-revvenu-growth', billingPeriod: 'MONTHLY', addons: [{ addonId: 'addon-10-campaigns', quantity: 2 }] },
        },
      });
    }
    const read = async () => (await (await fetch(`${emu.url}/_emulator/environments/${env}/webhooks`)).json()) as { events: { type: string; payload: Record<string, unknown>; deliveries: { status: number | null }[] }[] };
    let log = await read();
    // deliveries run after the answer: wait (a bounded while) for the endpoint's 200
    for (let i = 0; withEndpoint && i < 100 && !log.events.every((e) => e.deliveries.every((d) => d.status === 200)); i++) {
      await new Promise((r) => setTimeout(r, 50));
      log = await read();
    }
    return log;
  } finally {
    server.close();
    await emu.close();
  }
}

let webhooks: ReturnType<typeof customerOneWebhooks> | undefined;
const payloadOf = async (type: string) => {
  webhooks ??= customerOneWebhooks(false);
  return (await webhooks).events.find((e) => e.type === type)?.payload;
};

export const SCENARIOS: Record<string, (emu: RunningEmulator) => Promise<unknown>> = {
  /** docs/time-travel.md: the clock jumps to 1 February and stops there. */
  'trial-expires-jump': () => trialOfC1((emu) => emu.moveClock('local', { to: '2025-02-01T00:00:00Z', frozen: true })),
  /** docs/subscriptions.md, Time: the clock advances a month. */
  'trial-expires-advance': () => trialOfC1((emu) => emu.moveClock('local', { advance: 'P1M' })),

  /** docs/credits.md: the fixtures of its first block; a customer on plan-ai since 1 January who consumed 120 credits on 3 January. */
  'credit-entitlement': async () => {
    const catalog = blocksOf('docs/credits.md').find((b) => b.lang === 'yaml' && b.code.includes('plan-ai'))!.code;
    const emu = await emulatorWith(`${catalog}\ncustomers:\n  - { id: customer-ai, subscriptions: [ { planId: plan-ai, billingPeriod: MONTHLY, startDate: ${START_TIME} } ] }\n`);
    try {
      await emu.moveClock('local', { to: '2025-01-03T10:00:00Z', frozen: true });
      await graphql(emu, 'local', 'mutation C($input: ConsumeCreditInput!) { consumeCredits(input: $input) { __typename } }', {
        input: { customerId: 'customer-ai', currencyId: 'currency-api-credits', amount: 120, idempotencyKey: 'doc-120' },
      });
      const data = await graphql(
        emu,
        'local',
        `query E($query: GetEntitlementV2Input!) { entitlementV2(query: $query) { __typename ... on CreditEntitlement {
          isGranted accessDeniedReason currency { currencyId displayName description unitSingular unitPlural additionalMetaData }
          usageLimit currentUsage hasSoftLimit usagePeriodEnd validUntil usageUpdatedAt entitlementUpdatedAt } } }`,
        { query: { customerId: 'customer-ai', currencyId: 'currency-api-credits' } },
      );
      return data.entitlementV2;
    } finally {
      await emu.close();
    }
  },

  /** docs/webhooks.md, Payloads. */
  'webhook-customer-created': () => payloadOf('customer.created'),
  'webhook-subscription-created': () => payloadOf('subscription.created'),
  /** docs/webhooks.md, The event log: an endpoint that answers 200, then customer-1 provisioned. */
  'webhook-log': () => customerOneWebhooks(true),
};
