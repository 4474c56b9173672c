/** GraphQL shapes of the estimate service's views (SubscriptionPreview, SubscriptionPreviewV2, SubscriptionInvoicePreview). */
import { costDescription, type EstimateView, type InvoiceView, type NextInvoiceView } from '../../pricing/estimate-service.js';

const money = (amount: number, currency: string) => ({ amount, currency });

function prorationOf(invoice: InvoiceView) {
  const p = invoice.proration;
  if (!p) return null;
  return {
    prorationDate: p.prorationDate,
    credit: money(p.credit, p.currency),
    debit: money(p.debit, p.currency),
    netAmount: money(p.netAmount, p.currency),
    hasProrations: p.credit !== 0 || p.debit !== 0,
  };
}

/** The totals every invoice shape shares (tax is always 0: the emulator computes no tax). */
function totals(invoice: InvoiceView) {
  const c = invoice.currency;
  return {
    subTotal: money(invoice.subTotal, c),
    total: money(invoice.total, c),
    totalExcludingTax: money(invoice.total, c),
    tax: money(0, c),
    taxDetails: null,
    minimumSpendAdjustment: money(0, c),
  };
}

/** SubscriptionPreview (estimateSubscription, estimateSubscriptionUpdate): what is charged now, and the subscription's recurring price. */
export function subscriptionPreview(view: EstimateView) {
  const now = view.immediate;
  const recurring = view.recurring;
  return {
    ...totals(now),
    discountAmount: now.discountDetails ? money(now.discount, now.currency) : null,
    discount: now.discountDetails,
    billingPeriodRange: view.billingPeriodRange,
    proration: prorationOf(now),
    subscription: {
      ...totals(recurring),
      discountAmount: recurring.discountDetails ? money(recurring.discount, recurring.currency) : null,
      discount: recurring.discountDetails,
    },
    isPlanDowngrade: view.isPlanDowngrade,
    hasScheduledUpdates: view.hasScheduledUpdates,
    credits: null,
  };
}

const previewInvoice = (invoice: InvoiceView) => ({
  ...totals(invoice),
  discount: invoice.discountDetails ? money(invoice.discount, invoice.currency) : null,
  discountDetails: invoice.discountDetails,
});

/** SubscriptionPreviewV2 (previewSubscription): the immediate and the recurring invoice. */
export function subscriptionPreviewV2(view: EstimateView) {
  return {
    immediateInvoice: { ...previewInvoice(view.immediate), credits: null, proration: prorationOf(view.immediate) },
    recurringInvoice: previewInvoice(view.recurring),
    billingPeriodRange: view.billingPeriodRange,
    isPlanDowngrade: view.isPlanDowngrade,
    hasScheduledUpdates: view.hasScheduledUpdates,
    freeItems: null,
  };
}

/** SubscriptionInvoicePreview (previewNextInvoice, the portal's previewNextInvoice). */
export function invoicePreview(view: NextInvoiceView) {
  const c = view.currency;
  const t = view.totals;
  return {
    amountDue: money(t.total, c),
    minimumSpendAdjustment: money(0, c),
    total: money(t.total, c),
    totalExcludingTax: money(t.total, c),
    subTotal: money(t.subTotal, c),
    subTotalExcludingTax: money(t.subTotal, c),
    tax: money(0, c),
    taxDetails: null,
    discount: view.discountDetails ? money(t.discount, c) : null,
    discountDetails: view.discountDetails,
    credits: null,
    lastUpdatedAt: view.lastUpdatedAt,
    lines: view.lines.map((line) => ({
      type: line.type,
      description: line.description,
      costDescription: costDescription(line),
      amount: money(line.amount, c),
      unitPrice: money(line.unitPrice, c),
      quantity: Number.isInteger(line.quantity) ? line.quantity : null,
      proration: false,
      price: line.price,
      usageLimit: line.usageLimit,
      period: line.period,
      hasSoftLimit: null,
      lines: null,
    })),
  };
}
