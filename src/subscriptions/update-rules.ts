/**
 * Update rules (RULES 2.6.1-2.6.4): which changes of updateSubscription the product's customer
 * journey defers to the end of the billing period. Pure; updates.ts applies them.
 */
import { EmulatorError } from '../errors.js';

/** Update inputs the emulator does not model (minimum spend, price overrides, per-subscription entitlement overrides, a cancellation date). */
export const UNMODELLED_UPDATE_FIELDS = ['minimumSpend', 'priceOverrides', 'subscriptionEntitlements', 'cancellationDate'] as const;

/** Provisioning inputs the emulator does not model (minimum spend, price overrides, a cancellation date at creation). */
export const UNMODELLED_PROVISION_FIELDS = ['minimumSpend', 'priceOverrides', 'cancellationDate'] as const;

/** A command naming what the emulator does not model is refused (UnsupportedParameter), not silently ignored. */
export function refuseUnmodelled(
  input: Readonly<Record<string, unknown>>,
  fields: readonly string[] = UNMODELLED_UPDATE_FIELDS,
  operation = 'updateSubscription',
): void {
  for (const field of fields) {
    const value = input[field];
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    throw new EmulatorError('UnsupportedParameter', `${operation}: ${field} is not supported by the emulator`);
  }
  const coupon = input.appliedCoupon as { discount?: unknown } | null | undefined;
  if (coupon?.discount !== null && coupon?.discount !== undefined) {
    throw new EmulatorError('UnsupportedParameter', `${operation}: appliedCoupon.discount (an ad-hoc discount) is not supported by the emulator: apply a coupon by couponId or promotionCode`);
  }
}

/** ChargeInput: a quantity bought of a feature (FEATURE, a billable feature quantity) or of credits (CREDIT). */
export interface ChargeInput {
  id: string;
  quantity: number;
  type: string;
}

/**
 * The billable feature quantities a list of charges names (FEATURE charges); null without charges.
 * A CREDIT charge (prepaid credits bought with the subscription) is not modelled: UnsupportedParameter.
 */
export function billableFeaturesOfCharges(charges: readonly ChargeInput[] | null | undefined, operation: string): { featureId: string; quantity: number }[] | null {
  if (!charges || charges.length === 0) return null;
  return charges.map((charge) => {
    if (charge.type !== 'FEATURE') throw new EmulatorError('UnsupportedParameter', `${operation}: a ${charge.type} charge (${charge.id}) is not supported by the emulator`);
    return { featureId: charge.id, quantity: charge.quantity };
  });
}

const byKey = <T extends { quantity: number }>(list: readonly T[], key: (t: T) => string): Map<string, number> => {
  const out = new Map<string, number>();
  for (const item of list) out.set(key(item), (out.get(key(item)) ?? 0) + item.quantity);
  return out;
};

/** -1: every quantity is the same or lower and one is lower; 1: one is higher; 0: the same. */
function compareQuantities(before: Map<string, number>, after: Map<string, number>): -1 | 0 | 1 {
  let lower = false;
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const was = before.get(key) ?? 0;
    const now = after.get(key) ?? 0;
    if (now > was) return 1;
    if (now < was) lower = true;
  }
  return lower ? -1 : 0;
}

/**
 * RULES 2.6.4 with the journey's "downgrade at the end of the billing period": an update of an
 * ACTIVE paid subscription that only lowers quantities (fewer add-ons, fewer per-unit units) is
 * scheduled for the end of the period when the request names no scheduleStrategy; an update that
 * raises any quantity, or changes anything else, applies at once (and drops a pending scheduled
 * downgrade, E22).
 */
export function journeyDefersUpdate(input: {
  downgradeAtEndOfBillingPeriod: boolean;
  scheduleStrategy: string | null | undefined;
  status: string;
  paid: boolean;
  current: { addons: readonly { addonId: string; quantity: number }[]; billableFeatures: readonly { featureId: string; quantity: number }[] };
  patch: { addons?: readonly { addonId: string; quantity: number }[]; billableFeatures?: readonly { featureId: string; quantity: number }[]; billingPeriod?: string | null };
}): boolean {
  if (!input.downgradeAtEndOfBillingPeriod || input.scheduleStrategy || input.status !== 'ACTIVE' || !input.paid) return false;
  if (input.patch.billingPeriod) return false;
  const addons = input.patch.addons ? compareQuantities(byKey(input.current.addons, (a) => a.addonId), byKey(input.patch.addons, (a) => a.addonId)) : 0;
  const units = input.patch.billableFeatures
    ? compareQuantities(byKey(input.current.billableFeatures, (b) => b.featureId), byKey(input.patch.billableFeatures, (b) => b.featureId))
    : 0;
  if (addons === 1 || units === 1) return false;
  return addons === -1 || units === -1;
}
