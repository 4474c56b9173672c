/**
 * Every request applies what time made due since the last one (reconcile), and a request that finds
 * nothing due reads only the earliest due instant remembered since the last write. Here the clock
 * moves on its own (a running clock over a time source the test moves), never through the control
 * plane, so only the requests' reconcile can apply what falls due: a due instant written after the
 * earliest one was remembered (a promotional grant ending first), one remembered before (a trial's
 * end), and a later write that pushes nothing earlier.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator.js';
import { createLogger } from '../../src/logging/logger.js';
import { clientOperation } from '../support/documents.js';
import { gql, newEnvironment } from '../support/emulator.js';
import { listEvents } from '../../src/webhooks/webhook-service.js';

const HOUR = 60 * 60 * 1000;
let realMs = Date.parse('2025-03-10T12:00:00.000Z');
let emu: Emulator;
beforeAll(() => {
  emu = createEmulator({
    config: { startTime: new Date(realMs), logLevel: 'silent', port: 0, edgePort: -1 },
    logger: createLogger('silent'),
    timeSource: () => realMs,
  });
});
afterAll(() => emu.close());

const ENTITLEMENT = `query($query: FetchEntitlementQuery!) { entitlement(query: $query) { isGranted usageLimit } }`;

describe('reconcile on every request', () => {
  it('applies a due instant written after the earliest one was remembered, and one remembered before', async () => {
    const env = newEnvironment('due');
    const send = (query: string, variables?: Record<string, unknown>) => gql(emu, env.serverKey, query, variables);
    const entitlement = async (featureId: string) => (await send(ENTITLEMENT, { query: { customerId: 'c1', featureId } })).data!.entitlement;
    const subscriptions = async () =>
      (await send(clientOperation('go', 'GetActiveSubscriptions'), { input: { customerId: 'c1' } })).data!.getActiveSubscriptions as { status: string; trialEndDate: string | null }[];

    // a trial (the plan's default) (remembered as the earliest due instant by the reads that follow)
    const provisioned = await send(clientOperation('node', 'ProvisionCustomer'), {
      input: { customerId: 'c1', subscriptionParams: { planId: 'plan-revvenu-growth', billingPeriod: 'MONTHLY' } },
    });
    expect(provisioned.errors, JSON.stringify(provisioned.errors)).toBeUndefined();
    const [trial] = await subscriptions();
    expect(trial!.status).toBe('IN_TRIAL');
    expect(await entitlement('feature-04-analytics')).toMatchObject({ isGranted: expect.any(Boolean) });

    // a promotional grant that ends in a day: earlier than the trial's end, written after it was remembered
    realMs += HOUR;
    const granted = await send(clientOperation('go', 'GrantPromotionalEntitlements'), {
      input: { customerId: 'c1', promotionalEntitlements: [{ featureId: 'feature-01-templates', period: 'CUSTOM', customEndDate: new Date(realMs + 24 * HOUR).toISOString(), usageLimit: 50 }] },
    });
    expect(granted.errors).toBeUndefined();
    expect(await entitlement('feature-01-templates')).toMatchObject({ isGranted: true, usageLimit: 50 });

    // what reconcile applied, read straight from the environment's event log (no request, so no reconcile)
    const applied = () => listEvents(emu.registry.find(env.id)!).map((e) => e.type).filter((t) => t === 'promotionalEntitlement.expired' || t.startsWith('subscription.trial'));
    expect(applied()).toEqual(['subscription.trial_started']);

    // two days later (no control plane): the first read applies the grant's end
    realMs += 2 * 24 * HOUR;
    expect((await entitlement('feature-01-templates')).usageLimit).not.toBe(50);
    expect(applied()).toEqual(['subscription.trial_started', 'promotionalEntitlement.expired']);
    expect((await subscriptions())[0]!.status).toBe('IN_TRIAL');

    // past the trial's end, remembered since before the grant: the next read applies it
    realMs = Date.parse(trial!.trialEndDate!) + HOUR;
    expect((await subscriptions()).map((s) => s.status)).not.toContain('IN_TRIAL');
  });
});
