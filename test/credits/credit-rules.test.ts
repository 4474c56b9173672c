/** The credit rules (E92-E96), pure: consumption order, overdraft, statuses, balances, access, recharge, meters. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { webhookProblems } from '../support/webhook-catalog.js';
import {
  balanceDepletedFields,
  balanceLowFields,
  creditGrantFields,
  grantBalanceLowFields,
  rechargeAttemptedFields,
  rechargeConfigChangedFields,
  rechargeLimitFields,
  webhookGrantType,
  type CreditGrantFacts,
} from '../../src/webhooks/credit-webhook-rules.js';
import {
  checkGrantInput,
  checkGrantUpdate,
  compareForConsumption,
  creditAccess,
  depleted,
  expiriesBetween,
  liveOverdraft,
  lowBalanceThreshold,
  overdraftSettled,
  rechargeSpendThreshold,
  remainingPercentage,
  eventMatches,
  eventUnits,
  grantStatus,
  planConsumption,
  planSettlement,
  rechargeAmount,
  walletBalance,
  type GrantFacts,
} from '../../src/credits/credit-rules.js';

const NOW = Date.parse('2025-07-01T00:00:00Z');
const grant = (g: Partial<GrantFacts> & { id: string }): GrantFacts => ({
  grantType: 'PAID',
  amount: 0,
  consumed: 0,
  priority: 10,
  effectiveAt: '2025-06-01T00:00:00.000Z',
  expireAt: null,
  voidedAt: null,
  createdAt: '2025-06-01T00:00:00.000Z',
  ...g,
});

describe('credit rules', () => {
  it('E92: the documented worked example: 60 credits take 20 from B, 40 from A, none from C', () => {
    const grants = [
      grant({ id: 'A', priority: 1, expireAt: '2025-09-01T00:00:00Z', grantType: 'PAID', amount: 50 }),
      grant({ id: 'B', priority: 1, expireAt: '2025-09-01T00:00:00Z', grantType: 'PROMOTIONAL', amount: 20 }),
      grant({ id: 'C', priority: 2, expireAt: '2025-08-15T00:00:00Z', grantType: 'PROMOTIONAL', amount: 100 }),
    ];
    expect(planConsumption(grants, 60, NOW)).toEqual({ debits: [{ grantId: 'B', amount: 20 }, { grantId: 'A', amount: 40 }], overdraft: 0 });
  });

  it('the order: priority, sooner expiry (none last), promotional first, earlier effective, earlier created', () => {
    const ids = (gs: GrantFacts[]) => [...gs].sort(compareForConsumption).map((g) => g.id);
    expect(ids([grant({ id: 'never' }), grant({ id: 'soon', expireAt: '2025-08-01T00:00:00Z' })])).toEqual(['soon', 'never']);
    expect(ids([grant({ id: 'paid' }), grant({ id: 'promo', grantType: 'PROMOTIONAL' })])).toEqual(['promo', 'paid']);
    expect(ids([grant({ id: 'late', effectiveAt: '2025-06-02T00:00:00Z' }), grant({ id: 'early' })])).toEqual(['early', 'late']);
    expect(ids([grant({ id: 'b', createdAt: '2025-06-03T00:00:00Z' }), grant({ id: 'a', createdAt: '2025-06-02T00:00:00Z' })])).toEqual(['a', 'b']);
    expect(ids([grant({ id: 'low', priority: 5 }), grant({ id: 'high', priority: 0 })])).toEqual(['high', 'low']);
  });

  it('E93: what no grant covers is the overdraft; settling moves the debt onto new credits', () => {
    expect(planConsumption([grant({ id: 'g', amount: 10 })], 25, NOW)).toEqual({ debits: [{ grantId: 'g', amount: 10 }], overdraft: 15 });
    const wallet = [grant({ id: 'g', amount: 10, consumed: 10 }), grant({ id: 'o', grantType: 'OVERDRAFT', consumed: 15 }), grant({ id: 'new', amount: 30 })];
    expect(walletBalance(wallet, NOW).currentBalance).toBe(15);
    expect(planSettlement(wallet, NOW)).toEqual([{ grantId: 'new', amount: 15 }]);
  });

  it('E94: statuses from the dates; scheduled and expired grants are not drawn from', () => {
    expect(grantStatus(grant({ id: 'x', effectiveAt: '2025-08-01T00:00:00Z' }), NOW)).toBe('SCHEDULED');
    expect(grantStatus(grant({ id: 'x', expireAt: '2025-07-01T00:00:00Z' }), NOW)).toBe('EXPIRED');
    expect(grantStatus(grant({ id: 'x', voidedAt: '2025-06-05T00:00:00Z' }), NOW)).toBe('VOIDED');
    const grants = [grant({ id: 'later', amount: 5, effectiveAt: '2025-08-01T00:00:00Z' }), grant({ id: 'gone', amount: 5, expireAt: '2025-06-30T00:00:00Z' })];
    expect(planConsumption(grants, 3, NOW)).toEqual({ debits: [], overdraft: 3 });
    expect(walletBalance(grants, NOW)).toEqual({ currentBalance: 0, totalGranted: 0, totalConsumed: 0, validUntil: Date.parse('2025-08-01T00:00:00Z') });
  });

  it('a consumption takes exactly its amount: from the grants, then the overdraft (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ amount: fc.integer({ min: 0, max: 1000 }), consumed: fc.integer({ min: 0, max: 1000 }), priority: fc.integer({ min: 0, max: 3 }) }), { maxLength: 8 }),
        fc.integer({ min: 1, max: 5000 }),
        (specs, amount) => {
          const grants = specs.map((s, i) => grant({ id: `g${i}`, amount: s.amount, consumed: Math.min(s.consumed, s.amount), priority: s.priority }));
          const plan = planConsumption(grants, amount, NOW);
          const taken = plan.debits.reduce((s, d) => s + d.amount, 0);
          expect(taken + plan.overdraft).toBeCloseTo(amount, 6);
          for (const d of plan.debits) {
            const g = grants.find((x) => x.id === d.grantId)!;
            expect(d.amount).toBeLessThanOrEqual(g.amount - g.consumed + 1e-9);
          }
          // the overdraft only when every consumable grant is emptied
          if (plan.overdraft > 0) expect(taken).toBeCloseTo(grants.reduce((s, g) => s + (g.amount - g.consumed), 0), 6);
        },
      ),
    );
  });

  it('E95 companion: a grant whose expiry is not after its effective date is refused', () => {
    expect(checkGrantInput({ amount: 5, effectiveAtMs: NOW, expireAtMs: NOW, displayName: 'x' })?.code).toBe('ExpireAtMustBeLaterThanEffectiveAtError');
    expect(checkGrantInput({ amount: 0, effectiveAtMs: NOW, expireAtMs: null, displayName: 'x' })?.code).toBe('BadUserInput');
    expect(checkGrantInput({ amount: 5, effectiveAtMs: NOW, expireAtMs: NOW + 1, displayName: 'x' })).toBeNull();
  });

  it('E96: a hard limit denies at zero balance (InsufficientCredits); a soft limit grants', () => {
    expect(creditAccess({ hasEntitlement: true, hasSoftLimit: false, balance: 0, requested: 0 })).toEqual({ isGranted: false, accessDeniedReason: 'InsufficientCredits' });
    expect(creditAccess({ hasEntitlement: true, hasSoftLimit: false, balance: 5, requested: 10 })).toEqual({ isGranted: false, accessDeniedReason: 'InsufficientCredits' });
    expect(creditAccess({ hasEntitlement: true, hasSoftLimit: false, balance: 10, requested: 10 })).toEqual({ isGranted: true, accessDeniedReason: null });
    expect(creditAccess({ hasEntitlement: true, hasSoftLimit: true, balance: -3, requested: 10 })).toEqual({ isGranted: true, accessDeniedReason: null });
    expect(creditAccess({ hasEntitlement: false, hasSoftLimit: false, balance: 0, requested: 0 })).toEqual({ isGranted: false, accessDeniedReason: 'EntitlementNotFound' });
  });

  it('RULES 3.5: the customer and the resource come before the credit decision', () => {
    const base = { hasEntitlement: true, hasSoftLimit: true, balance: 10, requested: 0 };
    expect(creditAccess({ ...base, customer: 'missing' })).toEqual({ isGranted: false, accessDeniedReason: 'CustomerNotFound' });
    expect(creditAccess({ ...base, customer: 'archived' })).toEqual({ isGranted: false, accessDeniedReason: 'CustomerIsArchived' });
    expect(creditAccess({ ...base, customer: 'found', resourceMissing: true })).toEqual({ isGranted: false, accessDeniedReason: 'CustomerResourceNotFound' });
    expect(creditAccess({ ...base, customer: 'found', resourceMissing: false })).toEqual({ isGranted: true, accessDeniedReason: null });
  });

  it('automatic recharge: up to the target, under the threshold only, within the monthly spend limit', () => {
    const s = { isEnabled: true, thresholdValue: 20, targetBalance: 150, maxSpendLimit: 200 };
    expect(rechargeAmount(s, 30, 0)).toBe(0);
    expect(rechargeAmount(s, 15, 0)).toBe(135);
    expect(rechargeAmount(s, 10, 135)).toBe(65);
    expect(rechargeAmount(s, 10, 200)).toBe(0);
    expect(rechargeAmount({ ...s, isEnabled: false }, 0, 0)).toBe(0);
  });

  it('meters for event cost estimates: filters on the event name and dimensions; COUNT and SUM', () => {
    const meter = { aggregation: { function: 'SUM', field: 'bytes' }, filters: [{ conditions: [{ field: 'eventName', operation: 'EQUALS', value: 'upload' }, { field: 'region', operation: 'IN', values: ['eu', 'us'] }] }] };
    expect(eventMatches(meter, 'upload', { region: 'eu' })).toBe(true);
    expect(eventMatches(meter, 'upload', { region: 'ap' })).toBe(false);
    expect(eventMatches(meter, 'download', { region: 'eu' })).toBe(false);
    expect(eventUnits(meter, { bytes: '250' })).toEqual({ units: 250, warning: null });
    // a field may name its dimension with the `dimensions.` prefix, as in the meters
    expect(eventUnits({ aggregation: { function: 'SUM', field: 'dimensions.bytes' } }, { bytes: 40 })).toEqual({ units: 40, warning: null });
    expect(eventMatches({ filters: [{ conditions: [{ field: 'dimensions.region', operation: 'EQUALS', value: 'eu' }] }] }, 'upload', { region: 'eu' })).toBe(true);
    expect(eventUnits({ aggregation: { function: 'COUNT' } }, {})).toEqual({ units: 1, warning: null });
    expect(eventUnits({ aggregation: { function: 'UNIQUE', field: 'user' } }, {})).toEqual({ units: 0, warning: 'UNSUPPORTED_AGGREGATION' });
  });
});

describe('credit webhook thresholds', () => {
  it('low balance: the lowest of 80 / 50 / 20 % left that a decrease passed (at or above before, under after)', () => {
    expect(lowBalanceThreshold(100, 90, 100)).toBeNull();
    expect(lowBalanceThreshold(100, 79, 100)).toBe(80);
    expect(lowBalanceThreshold(80, 79.99, 100)).toBe(80);
    expect(lowBalanceThreshold(100, 80, 100)).toBeNull(); // not under 80 % yet
    expect(lowBalanceThreshold(100, 10, 100)).toBe(20); // passed all three: one event, the lowest
    expect(lowBalanceThreshold(60, 40, 100)).toBe(50);
    expect(lowBalanceThreshold(19, 5, 100)).toBeNull(); // already under every threshold
    expect(lowBalanceThreshold(10, -5, 100)).toBeNull();
    expect(lowBalanceThreshold(30, -5, 100)).toBe(20); // into the overdraft
    expect(lowBalanceThreshold(40, 50, 100)).toBeNull(); // an increase passes none
    expect(lowBalanceThreshold(5, 0, 0)).toBeNull(); // nothing granted: no percentage
    expect(lowBalanceThreshold(100, 60, 100, [90, 70])).toBe(70);
  });

  it('depleted: from above zero to zero or below', () => {
    expect(depleted(10, 0)).toBe(true);
    expect(depleted(10, -3)).toBe(true);
    expect(depleted(10, 0.5)).toBe(false);
    expect(depleted(0, -5)).toBe(false);
    expect(depleted(-5, -10)).toBe(false);
  });

  it('remaining percentage: 2 decimals, kept in 0-100; null without credits granted', () => {
    expect(remainingPercentage(1, 12)).toBe(8.33);
    expect(remainingPercentage(-10, 170)).toBe(0);
    expect(remainingPercentage(120, 100)).toBe(100);
    expect(remainingPercentage(5, 0)).toBeNull();
  });

  it('auto-recharge spend: the highest of 80 / 90 / 100 % of the monthly limit a recharge reached', () => {
    expect(rechargeSpendThreshold(0, 60, 100)).toBeNull();
    expect(rechargeSpendThreshold(60, 80, 100)).toBe(80);
    expect(rechargeSpendThreshold(80, 95, 100)).toBe(90);
    expect(rechargeSpendThreshold(60, 100, 100)).toBe(100);
    expect(rechargeSpendThreshold(100, 100, 100)).toBeNull(); // reached before
    expect(rechargeSpendThreshold(0, 500, null)).toBeNull(); // no limit
    expect(rechargeSpendThreshold(0, 5, 0)).toBeNull();
  });

  it('fast-check: a low-balance threshold is one the decrease passed, and no lower one was passed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -1000, max: 1000 }), (granted, a, b) => {
        const [before, after] = a >= b ? [a, b] : [b, a];
        const t = lowBalanceThreshold(before, after, granted);
        const pct = (v: number) => Math.round((v / granted) * 10000) / 100;
        if (t === null) return [80, 50, 20].every((x) => !(pct(before) >= x && pct(after) < x));
        return pct(before) >= t && pct(after) < t && [80, 50, 20].filter((x) => x < t).every((x) => !(pct(before) >= x && pct(after) < x));
      }),
    );
  });

  it('expiries between two instants: in force then (created before, not voided before), not the overdraft; by expiry, then creation', () => {
    const at = (d: string) => `2025-07-${d}T00:00:00.000Z`;
    const grants = [
      grant({ id: 'b', expireAt: at('10'), createdAt: at('02') }),
      grant({ id: 'a', expireAt: at('10'), createdAt: at('01') }),
      grant({ id: 'early', expireAt: at('05') }),
      grant({ id: 'before-window', expireAt: at('01') }),
      grant({ id: 'later', expireAt: at('20') }),
      grant({ id: 'voided-first', expireAt: at('08'), voidedAt: at('07') }),
      grant({ id: 'voided-after', expireAt: at('08'), voidedAt: at('09') }),
      grant({ id: 'born-expired', expireAt: at('06'), createdAt: at('06') }),
      grant({ id: 'never', expireAt: null }),
      grant({ id: 'od', grantType: 'OVERDRAFT', expireAt: at('09') }),
    ];
    expect(expiriesBetween(grants, Date.parse(at('01')), Date.parse(at('15'))).map((g) => g.id)).toEqual(['early', 'voided-after', 'a', 'b']);
  });

  it('overdraft: a fully settled one is voided; a voided one is no longer the wallet\'s overdraft', () => {
    expect(overdraftSettled({ grantType: 'OVERDRAFT', consumed: 0, voidedAt: null })).toBe(true);
    expect(overdraftSettled({ grantType: 'OVERDRAFT', consumed: 5, voidedAt: null })).toBe(false);
    expect(overdraftSettled({ grantType: 'OVERDRAFT', consumed: 0, voidedAt: '2025-07-01T00:00:00.000Z' })).toBe(false);
    expect(overdraftSettled({ grantType: 'PAID', consumed: 0, voidedAt: null })).toBe(false);
    const old = grant({ id: 'old', grantType: 'OVERDRAFT', voidedAt: '2025-06-15T00:00:00.000Z' });
    const live = grant({ id: 'live', grantType: 'OVERDRAFT', consumed: 5 });
    expect(liveOverdraft([old, live])?.id).toBe('live');
    expect(liveOverdraft([old])).toBeUndefined();
    // the debt of a voided overdraft is not settled again
    expect(planSettlement([old, grant({ id: 'p', amount: 10 })], NOW)).toEqual([]);
  });

  it('updateCreditGrant checks: voided, overdraft, an expired grant\'s expiry, priority 0-100, name, comment, dates', () => {
    const g = grant({ id: 'g', amount: 10, expireAt: '2025-08-01T00:00:00.000Z' });
    expect(checkGrantUpdate(g, { priority: 50, displayName: 'x', comment: 'ok' }, NOW)).toBeNull();
    expect(checkGrantUpdate({ ...g, voidedAt: '2025-06-20T00:00:00.000Z' }, {}, NOW)?.code).toBe('CreditGrantAlreadyVoided');
    expect(checkGrantUpdate({ ...g, grantType: 'OVERDRAFT' }, {}, NOW)?.code).toBe('BadUserInput');
    expect(checkGrantUpdate({ ...g, expireAt: '2025-06-20T00:00:00.000Z' }, { expireAtMs: Date.parse('2025-09-01T00:00:00Z') }, NOW)?.code).toBe('CannotUpdateExpireAtForExpiredCreditGrantError');
    // other fields of an expired grant may change
    expect(checkGrantUpdate({ ...g, expireAt: '2025-06-20T00:00:00.000Z' }, { displayName: 'renamed' }, NOW)).toBeNull();
    expect(checkGrantUpdate(g, { priority: 100.5 }, NOW)?.code).toBe('BadUserInput');
    expect(checkGrantUpdate(g, { priority: 0 }, NOW)).toBeNull();
    expect(checkGrantUpdate(g, { displayName: ' ' }, NOW)?.code).toBe('BadUserInput');
    expect(checkGrantUpdate(g, { comment: 'x'.repeat(201) }, NOW)?.code).toBe('BadUserInput');
    expect(checkGrantUpdate(g, { effectiveAtMs: Date.parse('2025-08-01T00:00:00Z') }, NOW)?.code).toBe('ExpireAtMustBeLaterThanEffectiveAtError');
    expect(checkGrantUpdate(g, { effectiveAtMs: Date.parse('2025-08-01T00:00:00Z'), expireAtMs: null }, NOW)).toBeNull();
  });
});

describe('credit webhook payloads', () => {
  const facts: CreditGrantFacts = {
    id: 'g-1',
    customerId: 'c-1',
    currencyId: 'cur',
    resourceId: '',
    grantType: 'RECURRING',
    amount: 100,
    consumed: 25,
    priority: 10,
    displayName: 'Pro credits',
    comment: null,
    cost: null,
    metadata: null,
    effectiveAt: '2025-07-01T00:00:00.000Z',
    expireAt: null,
    voidedAt: null,
    createdAt: '2025-07-01T00:00:00.000Z',
    updatedAt: '2025-07-01T00:00:00.000Z',
  };
  const envelope = { messageId: 'm', traceId: 't', timestamp: '2025-07-02T00:00:00.000Z' };
  const customer = { id: 'c-1', name: 'Ada', email: null } as never;
  const nested = { customer, customerId: 'c-1', currency: { id: 'cur', displayName: 'Credits', units: 'credit', unitsPlural: 'credits' }, currencyId: 'cur', eventId: 'k-1' };

  it('grantType: PAID and RECURRING -> PAID, PROMOTIONAL -> PROMO, OVERDRAFT -> ADJUSTMENT', () => {
    expect(['PAID', 'RECURRING', 'PROMOTIONAL', 'OVERDRAFT'].map(webhookGrantType)).toEqual(['PAID', 'PAID', 'PROMO', 'ADJUSTMENT']);
  });

  it("each builder's payload validates against its page (no undocumented field, required ones present)", () => {
    const config = { id: 'cfg', customerId: 'c-1', currencyId: 'cur', isEnabled: true, maxSpendLimit: 100 };
    const payloads: [string, Record<string, unknown>][] = [
      ['credit_grant.created', creditGrantFields(facts)],
      ['credit_grant.updated', creditGrantFields({ ...facts, cost: { amount: 5, currency: 'USD' }, expireAt: '2025-08-01T00:00:00.000Z' })],
      ['credit_grant.depleted', creditGrantFields({ ...facts, grantType: 'OVERDRAFT' })],
      ['credit_grant.expired', creditGrantFields({ ...facts, grantType: 'PROMOTIONAL' })],
      ['credit_grant.balance.low', grantBalanceLowFields(facts, 80, 75, nested)],
      ['credit_balance.low', balanceLowFields({ totalGranted: 100, remainingBalance: 40, remainingBalancePercentage: 40 }, 50, nested)],
      ['credit_balance.depleted', balanceDepletedFields({ totalGranted: 100, remainingBalance: -3, remainingBalancePercentage: 0 }, { ...nested, eventId: null })],
      ['automatic_recharge.operation.attempted', rechargeAttemptedFields(config, 'g-2', 40)],
      ['credits.automatic_recharge_limit_exceeded', rechargeLimitFields(config, 90, 90, 90)],
      ['automatic_recharge.configuration.changed', rechargeConfigChangedFields(config, 'USER', 'enabled')],
    ];
    for (const [type, fields] of payloads) expect(webhookProblems({ type, ...envelope, ...fields }), type).toEqual([]);
    expect(creditGrantFields(facts)).toEqual({
      customerId: 'c-1',
      grantId: 'g-1',
      entityId: 'g-1',
      amount: 100,
      consumedAmount: 25,
      currencyId: 'cur',
      displayName: 'Pro credits',
      effectiveAt: '2025-07-01T00:00:00.000Z',
      grantType: 'PAID',
      priority: 10,
    });
    expect(balanceDepletedFields({ totalGranted: 100, remainingBalance: -3, remainingBalancePercentage: 0 }, nested)).toMatchObject({ consumedPercentage: 100, remainingBalance: -3, eventId: 'k-1', customer: { id: 'c-1', name: 'Ada' } });
  });
});
