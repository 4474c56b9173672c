/**
 * Sections of the customer page beyond the built-in ones. Each reads what it needs and answers
 * null when the customer has nothing to show, so the page shows only sections with data. To show
 * a new kind of state (credit balances, raw events, ...), add a section here.
 */
import type { Db } from '../db/open-database.js';
import type { SubscriptionRow } from '../db/repositories/customers.js';
import { Badge, Json } from './layout.js';
import type { ExtraSection } from './pages/customer.js';

export interface SectionContext {
  db: Db;
  nowMs: number;
  customerId: string;
  subscriptions: SubscriptionRow[];
}

export interface CustomerSection {
  id: string;
  title: string;
  /** the section's content, or null when there is nothing to show */
  render(ctx: SectionContext): ExtraSection['content'] | null;
}

interface CreditGrant {
  subscriptionId: string;
  status: string;
  customCurrencyId: string;
  amount: unknown;
  cadence: unknown;
  entry: Record<string, unknown>;
}

/** Credits granted by the customer's subscriptions (custom-plan credit entitlements). */
export const creditsSection: CustomerSection = {
  id: 'credits',
  title: 'Credits',
  render({ subscriptions }) {
    const grants: CreditGrant[] = subscriptions.flatMap((s) =>
      (s.entitlements ?? [])
        .filter((e) => e.kind === 'credit' || typeof e.customCurrencyId === 'string')
        .map((e) => ({ subscriptionId: s.id, status: s.status, customCurrencyId: String(e.customCurrencyId ?? ''), amount: e.amount, cadence: e.cadence, entry: e })),
    );
    if (grants.length === 0) return null;
    return (
      <table id="credit-grants">
        <thead>
          <tr>
            <th>Currency</th>
            <th>Amount</th>
            <th>Cadence</th>
            <th>Subscription</th>
            <th>Entry</th>
          </tr>
        </thead>
        <tbody>
          {grants.map((g) => (
            <tr>
              <td class="mono">{g.customCurrencyId}</td>
              <td>{String(g.amount ?? '')}</td>
              <td>{String(g.cadence ?? '')}</td>
              <td>
                <span class="mono small">{g.subscriptionId}</span> <Badge value={g.status} />
              </td>
              <td>
                <details>
                  <summary>as stored</summary>
                  <Json value={g.entry} />
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  },
};

export const CUSTOMER_SECTIONS: CustomerSection[] = [creditsSection];

export function extraSections(ctx: SectionContext): ExtraSection[] {
  const out: ExtraSection[] = [];
  for (const section of CUSTOMER_SECTIONS) {
    const content = section.render(ctx);
    if (content !== null) out.push({ id: section.id, title: section.title, content });
  }
  return out;
}
