/** The catalog: products with their journeys, plans (with inheritance), add-ons, features and coupons. */
import type { AddonRow, FeatureRow, PlanRow, ProductRow, CouponRow } from '../../catalog/catalog-service.js';
import type { StoredEntitlement, StoredPrice } from '../../catalog/catalog-rules.js';
import { Json, Layout, envPath } from '../layout.js';

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

const entitlementText = (e: StoredEntitlement & { customCurrencyId?: string; amount?: number; cadence?: string }) => {
  if (e.customCurrencyId) return `${e.amount ?? ''} ${e.customCurrencyId} every ${e.cadence ?? ''}`;
  const limit = e.hasUnlimitedUsage ? 'unlimited' : e.usageLimit !== undefined && e.usageLimit !== null ? String(e.usageLimit) : e.enumValues ? e.enumValues.join(', ') : '';
  return `${limit}${e.hasSoftLimit ? ' (soft)' : ''}${e.resetPeriod ? `, resets ${e.resetPeriod}` : ''}${e.behavior ? `, ${e.behavior}` : ''}`;
};

const Entitlements = ({ list, from }: { list: StoredEntitlement[]; from?: string }) => (
  <>
    {list.map((e) => (
      <li>
        <span class="mono">{e.featureId ?? (e as { customCurrencyId?: string }).customCurrencyId}</span> {entitlementText(e)}
        {from ? <span class="small muted"> (from {from})</span> : null}
      </li>
    ))}
  </>
);

export const CatalogPage = (d: CatalogData) => (
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
              <td>
                <Json value={p.customerJourney} />
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
                  <Entitlements list={own} />
                  {inherited.map((i) => (
                    <Entitlements list={[i.entitlement]} from={i.fromPlanId} />
                  ))}
                </ul>
              </td>
              <td class="small">{plan.defaultTrialConfig ? <Json value={plan.defaultTrialConfig} /> : '-'}</td>
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
                    <Entitlements list={a.entitlements as unknown as StoredEntitlement[]} />
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
              <td class="small">
                {f.meterType}
                {f.meter ? <Json value={f.meter} /> : null}
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
