/**
 * A varied fixture for the seeding answers test: customers over the subscription-rules, credits and
 * governance catalogs of the test fixtures, each kind of fixture entry a few times (hand-written and
 * state subscriptions, trials, add-ons, coupons, resources, several subscriptions on one product and
 * on several, scheduled updates, delegated payers, budgets, promotional grants, credits, usage,
 * events, archived customers, governance).
 */
const iso = (s: string) => `${s}T00:00:00.000Z`;

export function variedCustomers(count: number): Record<string, unknown>[] {
  const customers: Record<string, unknown>[] = [];
  for (let n = 0; n < count; n++) {
    const id = `customer-v${n}`;
    const base = { id, name: `Varied ${n}`, email: `v${n}@example.test`, metadata: { n: String(n), tier: n % 2 ? 'gold' : 'silver' } };
    switch (n % 14) {
      case 0:
        customers.push({ ...base, subscriptions: [{ planId: 'plan-free' }], usage: [{ featureId: 'feature-seats', value: n % 3 }] });
        break;
      case 1:
        customers.push({ ...base, subscriptions: [{ planId: 'plan-basic', billingPeriod: 'MONTHLY', couponId: 'coupon-vip', startDate: iso('2025-01-15') }] });
        break;
      case 2:
        customers.push({ ...base, subscriptions: [{ planId: 'plan-pro', trial: true, addons: [{ addonId: 'addon-seats', quantity: 2 }], startDate: iso('2025-02-20') }] });
        break;
      case 3:
        customers.push({
          ...base,
          subscriptions: [{ planId: 'plan-pro', trial: true, trialEndDate: iso('2025-03-20'), trialEndBehavior: 'CONVERT_TO_PAID', billingPeriod: 'ANNUALLY', metadata: { source: 'fixture' } }],
        });
        break;
      case 4:
        customers.push({
          ...base,
          subscriptions: [
            { planId: 'plan-basic', billingPeriod: 'ANNUALLY', startDate: iso('2024-06-01') },
            { planId: 'plan-site', billingPeriod: 'MONTHLY', resourceId: 'site-1' },
            { planId: 'plan-site', billingPeriod: 'MONTHLY', resourceId: 'site-2', startDate: iso('2025-02-01') },
            { planId: 'plan-sched-pro', billingPeriod: 'MONTHLY', startDate: iso('2025-02-10') },
          ],
          usage: [
            { featureId: 'feature-api', value: 7, resourceId: 'site-1' },
            { featureId: 'feature-seats', value: 2, updatedAt: iso('2025-02-28') },
          ],
        });
        break;
      case 5:
        // several subscriptions on one product: an upgrade ends the first, a downgrade is scheduled
        customers.push({
          ...base,
          subscriptions: [
            { planId: 'plan-basic', billingPeriod: 'MONTHLY', startDate: iso('2025-01-01') },
            { planId: 'plan-pro', billingPeriod: 'MONTHLY', startDate: iso('2025-02-01') },
            { planId: 'plan-sched-plus', billingPeriod: 'MONTHLY', startDate: iso('2025-01-05') },
            { planId: 'plan-sched-pro', billingPeriod: 'MONTHLY' },
          ],
        });
        break;
      case 6:
        customers.push({
          ...base,
          createdAt: iso('2024-12-01'),
          updatedAt: iso('2025-01-01'),
          subscriptions: [
            {
              id: `subscription-state-${n}`,
              planId: 'plan-basic',
              status: 'ACTIVE',
              billingPeriod: 'MONTHLY',
              startDate: iso('2025-01-10'),
              createdAt: iso('2025-01-09'),
              noticeFor: iso('2025-02-10'),
              scheduledUpdates: [{ type: 'Downgrade', scheduledAt: iso('2025-03-10'), variables: { planId: 'plan-free', billingPeriod: 'MONTHLY', changeType: 'DOWNGRADE' } }],
            },
            { planId: 'plan-sched-pro', status: 'CANCELED', billingPeriod: 'MONTHLY', startDate: iso('2024-10-01'), endDate: iso('2025-01-01'), cancellationDate: iso('2024-12-15'), cancelReason: 'CancelledByBilling' },
          ],
        });
        break;
      case 7:
        customers.push({
          ...base,
          subscriptions: [{ planId: 'plan-ai', billingPeriod: 'MONTHLY', addons: [{ addonId: 'addon-boost', quantity: 2 }], startDate: iso('2025-02-01') }],
          creditGrants: [
            { currencyId: 'currency-credits', amount: 500, grantType: 'PAID', consumed: 20, cost: { amount: 50 } },
            { id: `grant-${n}`, currencyId: 'currency-credits', amount: 100, grantType: 'PROMOTIONAL', expireAt: iso('2025-06-01'), effectiveAt: iso('2025-01-01') },
          ],
          autoRecharge: [{ currencyId: 'currency-credits', thresholdValue: 10, targetBalance: 100 }],
          events: [
            { eventName: 'api_call', dimensions: { region: 'eu' } },
            { eventName: 'upload', dimensions: { bytes: 2048 }, idempotencyKey: `upload-${n}`, timestamp: iso('2025-02-27') },
          ],
        });
        break;
      case 8:
        customers.push({
          ...base,
          subscriptions: [
            { planId: 'plan-cheap', billingPeriod: 'MONTHLY', startDate: iso('2025-04-01'), endDate: iso('2025-09-01') },
            { planId: 'plan-sched-pro', billingPeriod: 'MONTHLY', startDate: iso('2024-11-01'), createdAt: iso('2024-10-20') },
          ],
        });
        break;
      case 9:
        customers.push({
          ...base,
          subscriptions: [
            { planId: 'plan-basic', billingPeriod: 'MONTHLY', payingCustomerId: 'customer-paying' },
            { planId: 'plan-site', billingPeriod: 'MONTHLY', resourceId: 'site-b', budget: { limit: 100, hasSoftLimit: n % 2 === 1 } },
          ],
        });
        break;
      case 10:
        customers.push({
          ...base,
          couponId: 'coupon-vip',
          hasPaymentMethod: true,
          billingId: `billing-${n}`,
          promotionalEntitlements: [
            { featureId: 'feature-seats', usageLimit: 50, period: 'LIFETIME' },
            { featureId: 'feature-sso', period: 'ONE_MONTH' },
            { featureId: 'feature-api', usageLimit: 10, period: 'CUSTOM', endDate: iso('2025-03-05'), resetPeriod: 'MONTH' },
          ],
        });
        customers.push({ id: `customer-archived-${n}`, archivedAt: iso('2025-01-01') });
        break;
      case 11:
        customers.push({
          ...base,
          subscriptions: [
            { planId: 'plan-team', billingPeriod: 'MONTHLY', billableFeatures: [{ featureId: 'feature-seats', quantity: 3 }] },
            { planId: 'plan-custom', resourceId: 'r-ignored' },
          ],
        });
        break;
      case 12:
        customers.push({
          ...base,
          subscriptions: [
            { planId: 'plan-ai', billingPeriod: 'MONTHLY', trial: false, startDate: iso('2025-01-01') },
            { id: `subscription-ai-state-${n}`, planId: 'plan-ai', status: 'IN_TRIAL', billingPeriod: 'MONTHLY', startDate: iso('2025-02-25'), trialEndDate: iso('2025-03-11'), resourceId: null },
          ],
          usage: [{ featureId: 'feature-ai-tokens', value: 1234 }],
        });
        break;
      default:
        customers.push({ ...base, subscriptions: [] });
    }
  }
  return customers;
}
