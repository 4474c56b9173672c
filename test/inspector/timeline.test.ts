/** The inspector's pure pieces: the subscriptions timeline and usage history from the journal. */
import { describe, expect, it } from 'vitest';
import type { SubscriptionRow } from '../../src/db/repositories/customers.js';
import { buildTimeline } from '../../src/inspector/timeline.js';

const at = (iso: string) => Date.parse(iso);
const sub = (patch: Partial<SubscriptionRow>): SubscriptionRow =>
  ({
    id: 's-1',
    customerId: 'c',
    planId: 'plan-pro',
    productId: 'p',
    resourceId: null,
    status: 'ACTIVE',
    billingPeriod: 'MONTHLY',
    startDate: '2025-01-01T00:00:00.000Z',
    endDate: null,
    trialEndDate: null,
    cancellationDate: null,
    cancelReason: null,
    addons: [],
    billableFeatures: [],
    metadata: {},
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    trialEndBehavior: null,
    billingAnchor: null,
    endReason: null,
    endAction: null,
    entitlements: null,
    couponId: null,
    billingInformation: null,
    billingCountryCode: null,
    periodEndAt: '2025-02-01T00:00:00.000Z',
    scheduleAt: null,
    noticeFor: null,
    nextDueAt: null,
    ...patch,
  }) as SubscriptionRow;

const facts = {
  planName: (id: string) => ({ 'plan-pro': 'Pro', 'plan-free': 'Free' })[id] ?? id,
  journey: () => ({ subscriptionStartSetup: 'PLAN_SELECTION', subscriptionEndSetup: 'DOWNGRADE_TO_FREE', downgradePlanId: 'plan-free' }) as never,
};

describe('buildTimeline', () => {
  it('a trial: its phase ends at the trial end, which is ahead, and nothing is drawn past it while in trial', () => {
    const t = buildTimeline([sub({ status: 'IN_TRIAL', trialEndDate: '2025-01-15T00:00:00.000Z', periodEndAt: null })], new Map(), facts, at('2025-01-05T00:00:00Z'));
    const row = t.rows[0]!;
    expect(row.phases).toEqual([{ kind: 'trial', fromMs: at('2025-01-01T00:00:00Z'), toMs: at('2025-01-15T00:00:00Z') }]);
    expect(row.moments.map((m) => [m.kind, m.label, m.past])).toEqual([
      ['start', 'Started', true],
      ['trial-end', 'Trial ends', false],
    ]);
    expect(t.fromMs).toBeLessThan(at('2025-01-01T00:00:00Z'));
    expect(t.toMs).toBeGreaterThan(at('2025-01-15T00:00:00Z'));
  });

  it('a converted trial: trial then active, the trial end in the past, the next renewal ahead', () => {
    const row = buildTimeline([sub({ trialEndDate: '2025-01-15T00:00:00.000Z', periodEndAt: '2025-02-15T00:00:00.000Z' })], new Map(), facts, at('2025-01-20T00:00:00Z')).rows[0]!;
    expect(row.phases.map((p) => p.kind)).toEqual(['trial', 'active']);
    expect(row.moments.map((m) => m.label)).toEqual(['Started', 'Trial ended', 'Renews']);
  });

  it('a scheduled cancellation: the end ahead and the downgrade plan that follows; a scheduled change is listed', () => {
    const schedules = new Map([
      ['s-1', [{ id: 1, subscriptionId: 's-1', type: 'Downgrade', status: 'Scheduled', scheduledAt: '2025-02-01T00:00:00.000Z', variables: { planId: 'plan-free', billingPeriod: 'MONTHLY' }, createdAt: '', updatedAt: '' }]],
    ]);
    const row = buildTimeline([sub({ endDate: '2025-03-01T00:00:00.000Z', cancellationDate: '2025-01-10T00:00:00.000Z', endAction: 'DEFAULT' })], schedules, facts, at('2025-01-20T00:00:00Z')).rows[0]!;
    expect(row.moments.map((m) => m.label)).toEqual(['Started', 'Canceled', 'Scheduled: Downgrade to Free (MONTHLY)', 'Renews', 'Ends']);
    expect(row.then).toBe("Free (the product's downgrade plan)");
  });

  it('an ended subscription followed by another of the product: the next one is named', () => {
    const ended = sub({ status: 'CANCELED', endDate: '2025-02-01T00:00:00.000Z', cancelReason: 'UpgradeOrDowngrade' });
    const next = sub({ id: 's-2', planId: 'plan-free', startDate: '2025-02-01T00:00:00.000Z' });
    const rows = buildTimeline([ended, next], new Map(), facts, at('2025-02-10T00:00:00Z')).rows;
    expect(rows[0]!.then).toBe('Free (s-2)');
    expect(rows[0]!.moments.at(-1)!.label).toBe('Ended (UpgradeOrDowngrade)');
  });
});
