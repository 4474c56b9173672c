/** The credit rules (E92-E96), pure: consumption order, overdraft, statuses, balances, access, recharge, meters. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkGrantInput,
  compareForConsumption,
  creditAccess,
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
