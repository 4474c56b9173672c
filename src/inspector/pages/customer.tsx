/**
 * One customer: subscriptions on the environment's timeline, entitlements with each decision's
 * explanation (the control plane's explain), usage per metered feature with its current period
 * and a chart of recent reports, promotional entitlements, extra sections (credits, ...) and the
 * webhook events about the customer.
 */
import type { Child } from 'hono/jsx';
import type { CustomerRow, SubscriptionRow } from '../../db/repositories/customers.js';
import type { EntitlementView, Explanation } from '../../entitlements/entitlement-service.js';
import type { PromotionRow, ScheduleRow } from '../inspector-queries.js';
import { Badge, Json, Layout, Time, customerPath, envPath, when } from '../layout.js';
import type { Timeline } from '../timeline.js';
import { HISTORY_DAYS, type UsagePoint } from '../usage-history.js';

export interface UsageItem {
  featureId: string;
  featureName: string;
  resourceId: string | null;
  currentUsage: number | null;
  usageLimit: number | null;
  hasUnlimitedUsage: boolean;
  usagePeriodStart: string | null;
  usagePeriodEnd: string | null;
  resetPeriod: string | null;
  storedValue: number | null;
  updatedAt: string | null;
  history: UsagePoint[];
}

/** A section of the customer page beyond the built-in ones (credits, ...): shown only when it has content. */
export interface ExtraSection {
  id: string;
  title: string;
  content: Child;
}

export interface CustomerPageData {
  envId: string;
  clock: { now: string; frozen: boolean };
  nowMs: number;
  live: string;
  customer: CustomerRow;
  subscriptions: SubscriptionRow[];
  schedules: Map<string, ScheduleRow[]>;
  timeline: Timeline;
  scope: string | null;
  scopes: string[];
  stateDeniedReason: string | null;
  entitlements: { view: EntitlementView; explanation: Explanation }[];
  usage: UsageItem[];
  promotions: (PromotionRow & { effectiveStatus: string })[];
  extraSections: ExtraSection[];
  webhooks: { type: string; createdAt: string; messageId: string }[];
}

// ------------------------------------------------------------------ timeline

const W = 1000;
const LABEL = 200;
const ROW = 34;
const TOP = 26;

function ticks(fromMs: number, toMs: number, count = 6): number[] {
  const out: number[] = [];
  for (let i = 0; i <= count; i++) out.push(fromMs + ((toMs - fromMs) * i) / count);
  return out;
}

const shorten = (text: string, max = 26) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export const TimelineChart = ({ timeline }: { timeline: Timeline }) => {
  const { fromMs, toMs, nowMs, rows } = timeline;
  const x = (ms: number) => LABEL + ((Math.min(Math.max(ms, fromMs), toMs) - fromMs) / (toMs - fromMs)) * (W - LABEL - 10);
  const height = TOP + rows.length * ROW + 8;
  return (
    <svg class="timeline" viewBox={`0 0 ${W} ${height}`} role="img" aria-label="subscriptions timeline" id="timeline-chart">
      {ticks(fromMs, toMs).map((t, i, all) => (
        <>
          <line class="axis" x1={x(t)} x2={x(t)} y1={TOP - 6} y2={height} />
          <text class="tick" x={x(t)} y={14} text-anchor={i === 0 ? 'start' : i === all.length - 1 ? 'end' : 'middle'}>
            {new Date(t).toISOString().slice(0, 10)}
          </text>
        </>
      ))}
      {rows.map((row, i) => {
        const y = TOP + i * ROW + 8;
        const live = row.status === 'ACTIVE' || row.status === 'IN_TRIAL' || row.status === 'NOT_STARTED' || row.status === 'PAYMENT_PENDING';
        return (
          <g class={live ? undefined : 'ended'} data-subscription={row.subscriptionId}>
            <text x={4} y={y + 12}>
              {shorten(`${row.planName} · ${row.status}`)}
            </text>
            {row.phases.map((phase) => (
              <rect class={`phase-${phase.kind}`} x={x(phase.fromMs)} y={y} width={Math.max(2, x(phase.toMs ?? toMs) - x(phase.fromMs))} height={16} rx={3}>
                <title>{`${phase.kind} ${when(phase.fromMs)} - ${phase.toMs === null ? 'open' : when(phase.toMs)}`}</title>
              </rect>
            ))}
            {row.moments.map((m) => (
              <circle class={`moment${m.past ? '' : ' future'}`} cx={x(m.atMs)} cy={y + 8} r={5}>
                <title>{`${m.label}: ${when(m.atMs)}`}</title>
              </circle>
            ))}
          </g>
        );
      })}
      <line class="now" x1={x(nowMs)} x2={x(nowMs)} y1={TOP - 8} y2={height} />
      <text x={x(nowMs) + 4} y={TOP - 2} class="tick">
        now
      </text>
    </svg>
  );
};

// ------------------------------------------------------------------ usage chart

const CW = 480;
const MAX_POINTS = 120;
const CH = 110;

/** A bar of the chart: the reports that fall within one slot of the time axis, merged (the usage after the last of them). */
export interface UsageBar {
  fromMs: number;
  toMs: number;
  /** the usage after the slot's last report */
  value: number;
  reports: number;
}

/** The slot width in the chart's units: bars never overlap, and the value fits above each. */
export const BAR_SLOT = 14;

/**
 * Group the reports into bars, one per slot of BAR_SLOT units of the time axis: reports close
 * together (a burst of reports, or a year of history on 480 units) become one bar with the usage
 * after the last of them, so bars never overlap.
 */
export function usageBars(reports: UsagePoint[], x: (ms: number) => number): { bar: UsageBar; x: number }[] {
  const bars: { bar: UsageBar; x: number }[] = [];
  for (const p of reports) {
    const slot = Math.floor((x(p.atMs) - 30) / BAR_SLOT);
    const last = bars.at(-1);
    if (last && Math.floor((last.x - 30) / BAR_SLOT) === slot) {
      last.bar.toMs = p.atMs;
      last.bar.value = p.value;
      last.bar.reports += 1;
    } else {
      bars.push({ bar: { fromMs: p.atMs, toMs: p.atMs, value: p.value, reports: 1 }, x: 30 + slot * BAR_SLOT + BAR_SLOT / 2 });
    }
  }
  return bars;
}

const shortValue = (v: number) => (Math.abs(v) >= 10_000 ? `${Math.round(v / 1000)}k` : Number.isInteger(v) ? String(v) : v.toFixed(1));

export const UsageChart = ({ item, nowMs }: { item: UsageItem; nowMs: number }) => {
  // the newest points only: the chart stays readable and the page small
  const points = item.history.slice(-MAX_POINTS);
  const reports = points.filter((p) => !p.isResetPoint);
  // a value set without a report (fixtures, an import) is explained on the card; nothing to chart
  if (reports.length === 0) return item.updatedAt ? null : <p class="small muted usage-none">No usage reported yet.</p>;
  const first = Math.min(points[0]!.atMs, item.usagePeriodStart ? Date.parse(item.usagePeriodStart) : Infinity);
  const fromMs = first - 60_000;
  const toMs = Math.max(nowMs, points.at(-1)!.atMs) + 60_000;
  const max = Math.max(1, ...reports.map((p) => Math.abs(p.value)));
  const x = (ms: number) => 30 + ((ms - fromMs) / (toMs - fromMs)) * (CW - 40);
  const h = (v: number) => (Math.abs(v) / max) * (CH - 42);
  const periodX = item.usagePeriodStart ? x(Math.max(Date.parse(item.usagePeriodStart), fromMs)) : null;
  const total = item.history.filter((p) => !p.isResetPoint).length;
  const bars = usageBars(reports, x);
  return (
    <svg class="chart" viewBox={`0 0 ${CW} ${CH}`} role="img" aria-label={`usage of ${item.featureId}`}>
      {periodX !== null ? <rect class="period" x={periodX} y={4} width={Math.max(0, CW - 10 - periodX)} height={CH - 24} /> : null}
      <line class="axis" x1={30} x2={CW - 10} y1={CH - 20} y2={CH - 20} />
      <text class="tick" x={2} y={14}>
        {String(max)}
      </text>
      <text class="tick" x={30} y={CH - 6}>
        {when(fromMs).slice(0, 16)}
      </text>
      <text class="tick" x={CW - 10} y={CH - 6} text-anchor="end">
        {when(toMs).slice(0, 16)}
      </text>
      {total > reports.length ? (
        <text class="tick" x={CW - 10} y={14} text-anchor="end">
          {`the last ${reports.length} of ${total} reports`}
        </text>
      ) : null}
      {points
        .filter((p) => p.isResetPoint)
        .map((p) => (
          <line class="reset" x1={x(p.atMs)} x2={x(p.atMs)} y1={4} y2={CH - 20}>
            <title>{`usage reset at ${when(p.atMs)}`}</title>
          </line>
        ))}
      {bars.map(({ bar, x: at }) => (
        <g class="usage-bar" data-value={String(bar.value)} data-reports={String(bar.reports)}>
          <rect class="bar" x={at - (BAR_SLOT - 4) / 2} y={CH - 20 - h(bar.value)} width={BAR_SLOT - 4} height={Math.max(1, h(bar.value))}>
            <title>{bar.reports === 1 ? `usage ${bar.value} after the report at ${when(bar.toMs)}` : `usage ${bar.value} after ${bar.reports} reports, ${when(bar.fromMs)} to ${when(bar.toMs)}`}</title>
          </rect>
          <text class="value" x={at} y={CH - 23 - h(bar.value)} text-anchor="middle">
            {shortValue(bar.value)}
          </text>
        </g>
      ))}
    </svg>
  );
};

// ------------------------------------------------------------------ page

const limitText = (e: { usageLimit: number | null; hasUnlimitedUsage: boolean; hasSoftLimit?: boolean }) =>
  e.hasUnlimitedUsage ? 'unlimited' : e.usageLimit === null ? '-' : `${e.usageLimit}${e.hasSoftLimit ? ' (soft)' : ''}`;

const domId = (prefix: string, value: string) => `${prefix}-${value.replace(/[^A-Za-z0-9_-]/g, '_')}`;

export const CustomerPage = (p: CustomerPageData) => {
  const c = p.customer;
  return (
    <Layout title={`${c.id} - ${p.envId}`} envId={p.envId} section="customers" clock={p.clock} live={p.live}>
      <h1>
        Customer <span class="mono">{c.id}</span> {c.archivedAt ? <Badge value="archived" kind="error" /> : null}
      </h1>
      <div id="live">
        <div class="card" id="customer-facts">
          <div class="stats">
            <div class="stat">
              <span class="muted small">name</span>
              <b id="customer-name">{c.name ?? '-'}</b>
            </div>
            <div class="stat">
              <span class="muted small">email</span>
              <b>{c.email ?? '-'}</b>
            </div>
            <div class="stat">
              <span class="muted small">payment method</span>
              <b>{c.hasPaymentMethod ? 'yes' : 'no'}</b>
            </div>
            <div class="stat">
              <span class="muted small">coupon</span>
              <b>{c.couponId ?? '-'}</b>
            </div>
            <div class="stat">
              <span class="muted small">created</span>
              <b>
                <Time at={c.createdAt} />
              </b>
            </div>
          </div>
          {Object.keys(c.metadata).length > 0 ? (
            <details id="customer-metadata">
              <summary>metadata</summary>
              <Json value={c.metadata} />
            </details>
          ) : null}
        </div>

        <h2>Subscriptions</h2>
        {p.subscriptions.length === 0 ? (
          <p class="card muted">No subscription.</p>
        ) : (
          <>
            <p class="legend small">
              <span>
                <i class="swatch trial"></i>trial
              </span>
              <span>
                <i class="swatch active"></i>active
              </span>
              <span>
                <i class="swatch scheduled"></i>not started
              </span>
              <span>○ a moment (dashed: ahead) · red line: now</span>
            </p>
            <TimelineChart timeline={p.timeline} />
            <table id="timeline">
              <thead>
                <tr>
                  <th>Subscription</th>
                  <th>Plan</th>
                  <th>Status</th>
                  <th>Timeline</th>
                  <th>Then</th>
                </tr>
              </thead>
              <tbody>
                {p.timeline.rows.map((row) => (
                  <tr data-subscription={row.subscriptionId}>
                    <td class="mono small">
                      {row.subscriptionId}
                      {row.resourceId ? <div class="muted">resource {row.resourceId}</div> : null}
                    </td>
                    <td>
                      <span class="mono">{row.planId}</span>
                      <div class="small muted">{row.planName}</div>
                    </td>
                    <td>
                      <Badge value={row.status} />
                    </td>
                    <td>
                      <ul class="moments">
                        {row.moments.map((m) => (
                          <li class={m.past ? 'past' : 'ahead'} data-moment={m.kind}>
                            {m.label}: <Time at={m.atMs} />
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td class="small">{row.then ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}

        <h2>Entitlements</h2>
        {p.scopes.length > 0 ? (
          <form method="get" action={customerPath(p.envId, c.id)} class="row">
            <label>
              scope{' '}
              <select name="resourceId">
                <option value="" selected={p.scope === null}>
                  the customer (no resource)
                </option>
                {p.scopes.map((r) => (
                  <option value={r} selected={p.scope === r}>
                    resource {r}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" class="secondary">
              Show
            </button>
          </form>
        ) : null}
        {p.stateDeniedReason ? (
          <p class="card">
            Access denied for every feature: <span class="denied">{p.stateDeniedReason}</span>
          </p>
        ) : null}
        {p.entitlements.length === 0 ? (
          <p class="card muted">No entitlement.</p>
        ) : (
          <table id="entitlements">
            <thead>
              <tr>
                <th>Feature</th>
                <th>Decision</th>
                <th>Limit</th>
                <th>Usage</th>
                <th>Period</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              {p.entitlements.map(({ view, explanation }) => (
                <tr data-feature={view.featureId}>
                  <td>
                    <span class="mono">{view.featureId}</span>
                    <div class="small muted">{view.feature?.displayName ?? ''}</div>
                  </td>
                  <td>
                    {view.isGranted ? <span class="granted">granted</span> : <span class="denied">denied</span>}
                    {view.accessDeniedReason ? <div class="small mono">{view.accessDeniedReason}</div> : null}
                  </td>
                  <td>{limitText(view)}</td>
                  <td>{view.currentUsage ?? ''}</td>
                  <td class="small">
                    {view.usagePeriodStart ? (
                      <>
                        <Time at={view.usagePeriodStart} /> → <Time at={view.usagePeriodEnd} />
                        {view.resetPeriod ? <div class="muted">resets {view.resetPeriod}</div> : null}
                      </>
                    ) : null}
                  </td>
                  <td>
                    <details class="explain" id={domId('explain', view.featureId)}>
                      <summary>explain</summary>
                      <ol class="steps">
                        {explanation.steps.map((s) => (
                          <li>{s}</li>
                        ))}
                      </ol>
                      {explanation.sources.length > 0 ? (
                        <table class="small">
                          <thead>
                            <tr>
                              <th>source</th>
                              <th>limit</th>
                              <th>applied</th>
                              <th>note</th>
                            </tr>
                          </thead>
                          <tbody>
                            {explanation.sources.map((s) => (
                              <tr>
                                <td class="mono">
                                  {s.kind}
                                  {s.subscriptionId ? ` ${s.subscriptionId}` : ''}
                                  {s.planId ? ` ${s.planId}` : ''}
                                  {s.addonId ? ` ${s.addonId}` : ''}
                                  {s.quantity !== undefined ? ` × ${s.quantity}` : ''}
                                </td>
                                <td>{limitText(s)}</td>
                                <td>{s.applied ? 'yes' : 'no'}</td>
                                <td>{s.note}</td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      ) : null}
                      {explanation.ignoredSubscriptions.length > 0 ? (
                        <ul class="small">
                          {explanation.ignoredSubscriptions.map((s) => (
                            <li>
                              ignored <span class="mono">{s.subscriptionId}</span> ({s.status}): {s.reason}
                            </li>
                          ))}
                        </ul>
                      ) : null}
                      <p class="small">
                        <a href={`/_emulator/environments/${encodeURIComponent(p.envId)}/explain?${new URLSearchParams({ customerId: c.id, featureId: view.featureId, ...(p.scope ? { resourceId: p.scope } : {}) }).toString()}`}>
                          as JSON
                        </a>
                      </p>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}

        <h2>Usage</h2>
        {p.usage.length === 0 ? (
          <p class="card muted">No metered feature.</p>
        ) : (
          <div class="grid" id="usage">
            {p.usage.map((u) => (
              <div class="card" data-usage={u.featureId}>
                <h3>
                  <span class="mono">{u.featureId}</span> <span class="muted small">{u.featureName}</span>
                  {u.resourceId ? <span class="small"> resource {u.resourceId}</span> : null}
                </h3>
                <p>
                  <b>{u.currentUsage ?? u.storedValue ?? 0}</b> of {limitText(u)}
                  {u.usagePeriodStart ? (
                    <span class="small">
                      {' '}
                      in the period <Time at={u.usagePeriodStart} /> → <Time at={u.usagePeriodEnd} />
                    </span>
                  ) : (
                    <span class="small muted"> (never resets)</span>
                  )}
                </p>
                {(() => {
                  const reports = u.history.filter((h) => !h.isResetPoint);
                  const lastReport = reports.at(-1);
                  if (lastReport) return <p class="small muted usage-last">last reported <Time at={new Date(lastReport.atMs).toISOString()} />{reports.length > 1 ? ` (${reports.length} reports charted)` : ''}</p>;
                  if (u.updatedAt)
                    return (
                      <p class="small muted usage-last">
                        set <Time at={u.updatedAt} />{` by fixtures, an import or a report over ${HISTORY_DAYS} days ago: nothing to chart`}
                      </p>
                    );
                  return null;
                })()}
                <UsageChart item={u} nowMs={p.nowMs} />
              </div>
            ))}
          </div>
        )}

        <h2>Promotional entitlements</h2>
        {p.promotions.length === 0 ? (
          <p class="card muted">None.</p>
        ) : (
          <table id="promotions">
            <thead>
              <tr>
                <th>Feature</th>
                <th>Status</th>
                <th>Limit</th>
                <th>Period</th>
                <th>From</th>
                <th>Until</th>
              </tr>
            </thead>
            <tbody>
              {p.promotions.map((g) => (
                <tr data-feature={g.featureId}>
                  <td class="mono">{g.featureId}</td>
                  <td>
                    <Badge value={g.effectiveStatus} />
                  </td>
                  <td>{limitText(g)}</td>
                  <td>
                    {g.period}
                    {g.resetPeriod ? <div class="small muted">resets {g.resetPeriod}</div> : null}
                  </td>
                  <td>
                    <Time at={g.startDate} />
                  </td>
                  <td>{g.endDate ? <Time at={g.endDate} /> : 'never'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}

        {p.extraSections.map((s) => (
          <section id={s.id}>
            <h2>{s.title}</h2>
            {s.content}
          </section>
        ))}

        <h2>Webhook events about this customer</h2>
        {p.webhooks.length === 0 ? (
          <p class="card muted">None.</p>
        ) : (
          <table id="customer-webhooks">
            <tbody>
              {p.webhooks.map((w) => (
                <tr>
                  <td>
                    <Time at={w.createdAt} />
                  </td>
                  <td class="mono">{w.type}</td>
                  <td class="mono small">{w.messageId}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p class="small">
          <a href={envPath(p.envId, `/journal?q=${encodeURIComponent(c.id)}`)}>Requests mentioning this customer</a>
        </p>
      </div>
    </Layout>
  );
};
