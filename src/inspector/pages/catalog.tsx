/** The catalog: products with their journeys, plans (with inheritance), add-ons, features and coupons. */
import type { AddonRow, FeatureRow, PlanRow, ProductRow, CouponRow } from '../../catalog/catalog-service.js';
import type { StoredEntitlement, StoredPrice } from '../../catalog/catalog-rules.js';
import { Layout, envPath } from '../layout.js';

export interface PlanItem {
  plan: PlanRow;
  own: StoredEntitlement[];
  inherited: { entitlement: StoredEntitlement; fromPlanId: string }[];
  compatibleAddonIds: string[];
}

export interface CatalogData {
  envId: string;
  clock: { now: string; frozen: boolean };
  live: string;
  products: ProductRow[];
  plans: PlanItem[];
  addons: AddonRow[];
  features: FeatureRow[];
  coupons: CouponRow[];
}

const priceText = (p: StoredPrice) =>
  `${p.billingModel} ${p.amount} ${p.currency} ${p.billingPeriod}${p.featureId ? ` per ${p.featureId}` : ''}${p.blockSize ? ` (blocks of ${p.blockSize})` : ''}`;

type AnyEntitlement = StoredEntitlement & { customCurrencyId?: string; amount?: number; cadence?: string };

/**
 * An entitlement as a sentence: a boolean feature is "granted"; a limit, unlimited or the enum
 * values otherwise. An add-on's behavior (Increment adds to the plan's limit, Override replaces it)
 * is shown on add-ons' numeric entitlements only: it means nothing on a plan or a boolean.
 */
export const entitlementText = (e: AnyEntitlement, featureType: string | undefined, kind: 'plan' | 'addon') => {
  if (e.customCurrencyId) return `${e.amount ?? ''} credits every ${(e.cadence ?? '').toLowerCase()}`;
  if (featureType === 'BOOLEAN') return 'granted';
  const limit = e.hasUnlimitedUsage ? 'unlimited' : e.usageLimit !== undefined && e.usageLimit !== null ? String(e.usageLimit) : e.enumValues ? e.enumValues.join(', ') : '';
  const behavior = kind === 'addon' && featureType === 'NUMBER' ? (e.behavior === 'Override' ? ' (replaces the plan\'s limit)' : ' (added to the plan\'s limit)') : '';
  return `${limit}${e.hasSoftLimit ? ' (soft limit)' : ''}${e.resetPeriod ? `, resets every ${e.resetPeriod.toLowerCase()}` : ''}${behavior}`;
};

const Entitlements = ({ list, from, types, kind }: { list: StoredEntitlement[]; from?: string; types: Map<string, string>; kind: 'plan' | 'addon' }) => (
  <>
    {list.map((e) => (
      <li>
        <span class="mono">{e.featureId ?? (e as AnyEntitlement).customCurrencyId}</span> {entitlementText(e, types.get(e.featureId), kind)}
        {from ? <span class="small muted"> (from {from})</span> : null}
      </li>
    ))}
  </>
);

type Journey = Partial<{
  subscriptionStartSetup: string;
  subscriptionStartPlanId: string | null;
  subscriptionEndSetup: string;
  downgradePlanId: string | null;
  subscriptionCancellationTime: string;
  downgradeAtEndOfBillingPeriod: boolean;
  usageResetCutoffRule: string;
}>;

/** A product's customer journey as four short lines. */
export const journeyLines = (j: Journey | null | undefined): string[] => {
  if (!j) return ['defaults'];
  const start =
    j.subscriptionStartSetup === 'FREE_PLAN'
      ? `starts on ${j.subscriptionStartPlanId ?? 'the free plan'}`
      : j.subscriptionStartSetup === 'TRIAL_PERIOD'
        ? `starts with a trial of ${j.subscriptionStartPlanId ?? 'the start plan'}`
        : 'starts on the plan chosen';
  const end = j.subscriptionEndSetup === 'DOWNGRADE_TO_FREE' ? `on end, downgrades to ${j.downgradePlanId ?? 'the free plan'}` : 'on end, cancels';
  const cancel = j.subscriptionCancellationTime === 'END_OF_BILLING_PERIOD' ? 'cancels at the end of the billing period' : 'cancels immediately';
  const downgrade = j.downgradeAtEndOfBillingPeriod ? 'downgrades at the end of the billing period' : 'downgrades immediately';
  const usage =
    j.usageResetCutoffRule === 'NEVER_RESET' ? 'usage kept across plan changes' : j.usageResetCutoffRule === 'BILLING_PERIOD_CHANGE' ? 'usage reset when the billing period changes' : null;
  return [start, end, cancel, downgrade, ...(usage ? [usage] : [])];
};

type Trial = { duration: number; units: string; trialEndBehavior?: string | null; budget?: { limit: number; hasSoftLimit: boolean } | null };

/** A plan's default trial in words: "14 days, then converts to paid". */
export const trialText = (t: Trial): string => {
  const unit = t.units === 'MONTH' ? 'month' : 'day';
  const end = t.trialEndBehavior === 'CONVERT_TO_PAID' ? ', then converts to paid' : t.trialEndBehavior === 'CANCEL_SUBSCRIPTION' ? ', then cancels' : '';
  const budget = t.budget ? `; budget ${t.budget.limit}${t.budget.hasSoftLimit ? ' (soft)' : ''}` : '';
  return `${t.duration} ${unit}${t.duration === 1 ? '' : 's'}${end}${budget}`;
};

type Meter = {
  aggregation: { function: string; field?: string | null };
  filters?: { conditions: { field: string; operation: string; value?: string | null; values?: string[] | null }[] }[];
};

const OPERATIONS: Record<string, string> = {
  EQUALS: '=',
  NOT_EQUALS: '≠',
  GREATER_THAN: '>',
  GREATER_THAN_OR_EQUAL: '≥',
  LESS_THAN: '<',
  LESS_THAN_OR_EQUAL: '≤',
  CONTAINS: 'contains',
  STARTS_WITH: 'starts with',
  ENDS_WITH: 'ends with',
  IN: 'in',
  IS_NULL: 'is empty',
  IS_NOT_NULL: 'is set',
};

/** A raw-event meter in words: "COUNT of events where eventName = api.call, or ...". */
export const meterText = (m: Meter): string => {
  const what = m.aggregation.function === 'COUNT' ? 'COUNT of events' : `${m.aggregation.function} of ${m.aggregation.field ?? '?'}`;
  const filters = (m.filters ?? []).map((f) =>
    f.conditions
      .map((c) => {
        const op = OPERATIONS[c.operation] ?? c.operation;
        if (c.operation === 'IS_NULL' || c.operation === 'IS_NOT_NULL') return `${c.field} ${op}`;
        const value = c.operation === 'IN' ? `[${(c.values ?? (c.value != null ? [c.value] : [])).join(', ')}]` : String(c.value ?? '');
        return `${c.field} ${op} ${value}`;
      })
      .join(' and '),
  );
  return filters.length === 0 ? `${what} (every event)` : `${what} where ${filters.join(', or ')}`;
};

export const CatalogPage = (d: CatalogData) => {
  const types = new Map(d.features.map((f) => [f.id, f.featureType]));
  return (
  <Layout title={`Catalog - ${d.envId}`} envId={d.envId} section="catalog" clock={d.clock} live={d.live}>
    <h1>Catalog</h1>
    <div id="live">
      <h2>Products</h2>
      <table id="products">
        <thead>
          <tr>
            <th>Product</th>
            <th>Subscriptions</th>
            <th>Customer journey</th>
          </tr>
        </thead>
        <tbody>
          {d.products.map((p) => (
            <tr data-product={p.id}>
              <td>
                <span class="mono">{p.id}</span>
                <div class="small muted">{p.displayName}</div>
              </td>
              <td class="small">{p.multipleSubscriptions ? 'multiple' : 'one at a time'}</td>
              <td class="small journey">
                <ul>
                  {journeyLines(p.customerJourney as Journey).map((line) => (
                    <li>{line}</li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Plans</h2>
      <table id="plans">
        <thead>
          <tr>
            <th>Plan</th>
            <th>Pricing</th>
            <th>Entitlements</th>
            <th>Trial</th>
            <th>Add-ons</th>
          </tr>
        </thead>
        <tbody>
          {d.plans.map(({ plan, own, inherited, compatibleAddonIds }) => (
            <tr data-plan={plan.id}>
              <td>
                <span class="mono">{plan.id}</span>
                <div class="small muted">
                  {plan.displayName} · {plan.productId}
                </div>
                {plan.basePlanId ? <div class="small">inherits from <span class="mono">{plan.basePlanId}</span></div> : null}
              </td>
              <td class="small">
                {plan.pricingType}
                <ul>
                  {(plan.prices as unknown as StoredPrice[]).map((p) => (
                    <li>{priceText(p)}</li>
                  ))}
                </ul>
              </td>
              <td class="small">
                <ul>
                  <Entitlements list={own} types={types} kind="plan" />
                  {inherited.map((i) => (
                    <Entitlements list={[i.entitlement]} from={i.fromPlanId} types={types} kind="plan" />
                  ))}
                </ul>
              </td>
              <td class="small trial">{plan.defaultTrialConfig ? trialText(plan.defaultTrialConfig as unknown as Trial) : '-'}</td>
              <td class="small mono">{compatibleAddonIds.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Add-ons</h2>
      {d.addons.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <table id="addons">
          <thead>
            <tr>
              <th>Add-on</th>
              <th>Prices</th>
              <th>Entitlements</th>
              <th>Max quantity</th>
              <th>Depends on</th>
            </tr>
          </thead>
          <tbody>
            {d.addons.map((a) => (
              <tr data-addon={a.id}>
                <td>
                  <span class="mono">{a.id}</span>
                  <div class="small muted">
                    {a.displayName} · {a.productId}
                  </div>
                </td>
                <td class="small">
                  <ul>
                    {(a.prices as unknown as StoredPrice[]).map((p) => (
                      <li>{priceText(p)}</li>
                    ))}
                  </ul>
                </td>
                <td class="small">
                  <ul>
                    <Entitlements list={a.entitlements as unknown as StoredEntitlement[]} types={types} kind="addon" />
                  </ul>
                </td>
                <td>{a.maxQuantity ?? '-'}</td>
                <td class="mono small">{a.dependencies.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Features</h2>
      <table id="features">
        <thead>
          <tr>
            <th>Feature</th>
            <th>Type</th>
            <th>Meter</th>
            <th>Units</th>
          </tr>
        </thead>
        <tbody>
          {d.features.map((f) => (
            <tr data-feature={f.id}>
              <td>
                <span class="mono">{f.id}</span>
                <div class="small muted">{f.displayName}</div>
              </td>
              <td class="small">
                {f.featureType}
                {f.enumValues.length > 0 ? <div class="muted">{f.enumValues.map((v) => v.value).join(', ')}</div> : null}
              </td>
              <td class="small meter">
                {f.meterType}
                {f.meter ? <div>{meterText(f.meter as unknown as Meter)}</div> : null}
              </td>
              <td class="small">{[f.units, f.unitsPlural].filter(Boolean).join(' / ')}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Coupons</h2>
      {d.coupons.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <table id="coupons">
          <thead>
            <tr>
              <th>Coupon</th>
              <th>Discount</th>
              <th>Duration</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {d.coupons.map((c) => (
              <tr data-coupon={c.id}>
                <td>
                  <span class="mono">{c.id}</span>
                  <div class="small muted">{c.name}</div>
                </td>
                <td>
                  {c.discountValue}
                  {c.type === 'PERCENTAGE' ? '%' : ` (${c.type})`}
                </td>
                <td>{c.durationInMonths ? `${c.durationInMonths} months` : 'forever'}</td>
                <td>{c.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="small">
        <a href={`/_emulator/environments/${encodeURIComponent(d.envId)}/export?format=yaml`}>Export the environment as a fixture (YAML)</a> ·{' '}
        <a href={envPath(d.envId)}>overview</a>
      </p>
    </div>
  </Layout>
);
};
