/**
 * Customers: provision (upsert), update, read, archive/unarchive, import. Each command runs in one
 * transaction of the environment's database and reads "now" from the caller (the pinned clock).
 */
import { catalog } from '../catalog/catalog-service.js';
import type { Db } from '../db/open-database.js';
import { customerRepo, type CustomerRow } from '../db/repositories/customers.js';
import type { Environment } from '../environments/environment.js';
import { badInput, EmulatorError, notFound } from '../errors.js';
import { iso } from '../time.js';
import { webhookEventsOf } from '../webhooks/webhook-service.js';
import { assertCustomerId, assertEmail, importIsStale, mergeBillingInformation, normaliseMetadata } from './customer-rules.js';

export interface CustomerFields {
  name?: string | null;
  email?: string | null;
  billingId?: string | null;
  crmId?: string | null;
  salesforceId?: string | null;
  awsMarketplaceCustomerId?: string | null;
  couponRefId?: string | null;
  excludeFromExperiment?: boolean | null;
  additionalMetaData?: unknown;
  billingInformation?: Record<string, unknown> | null;
  /**
   * Keys merged into the stored billing information (a null value removes its key), where
   * `billingInformation` replaces it: the REST API's billingCurrency, language, timezone, passthrough
   * and default payment method are parts of it.
   */
  billingInformationPatch?: Record<string, unknown>;
}

export interface CustomerInput extends CustomerFields {
  customerId?: string | null;
  refId?: string | null;
  createdAt?: string | null;
}

/** The customer id an input names (customerId, else refId), checked. */
export const customerIdOf = (input: { customerId?: string | null; refId?: string | null }): string => assertCustomerId(input.customerId ?? input.refId);
const idOf = customerIdOf;

function assertCoupon(db: Db, couponId: string | null | undefined): void {
  if (!couponId) return;
  const coupon = catalog.coupon(db, couponId);
  if (!coupon) throw notFound('CouponNotFound', 'Coupon', couponId);
  if (coupon.status === 'ARCHIVED') throw new EmulatorError('ArchivedCouponCantBeApplied', `coupon ${couponId} is archived`);
}

/** The stored columns a customer input changes (only the fields given). */
function patchOf(db: Db, input: CustomerFields, existing?: CustomerRow | null): Partial<CustomerRow> {
  const patch: Partial<CustomerRow> = {};
  if (input.name !== undefined) patch.name = input.name;
  if (input.email !== undefined) patch.email = assertEmail(input.email) ?? null;
  if (input.billingId !== undefined) patch.billingId = input.billingId;
  if (input.crmId !== undefined) patch.crmId = input.crmId;
  if (input.salesforceId !== undefined) patch.salesforceId = input.salesforceId;
  if (input.awsMarketplaceCustomerId !== undefined) patch.awsMarketplaceCustomerId = input.awsMarketplaceCustomerId;
  if (input.excludeFromExperiment !== undefined && input.excludeFromExperiment !== null) patch.excludeFromExperiment = input.excludeFromExperiment;
  if (input.couponRefId !== undefined) {
    assertCoupon(db, input.couponRefId);
    // E97: a customer has at most one coupon; the same one again changes nothing, null removes it
    if (input.couponRefId && existing?.couponId && existing.couponId !== input.couponRefId) {
      throw new EmulatorError('CustomerAlreadyHaveCustomerCoupon', `customer ${existing.id} already has coupon ${existing.couponId}: remove it before applying ${input.couponRefId}`);
    }
    patch.couponId = input.couponRefId;
  }
  const metadata = normaliseMetadata(input.additionalMetaData);
  if (metadata !== undefined) patch.metadata = metadata;
  if (input.billingInformation !== undefined) {
    patch.billingInformation = input.billingInformation;
    if (input.billingInformation && typeof input.billingInformation.paymentMethodId === 'string') patch.hasPaymentMethod = true;
  }
  if (input.billingInformationPatch !== undefined) {
    const merged = mergeBillingInformation('billingInformation' in patch ? patch.billingInformation : existing?.billingInformation, input.billingInformationPatch);
    patch.billingInformation = merged;
    if (merged && (typeof merged.paymentMethodId === 'string' || merged.defaultPaymentMethod)) patch.hasPaymentMethod = true;
  }
  return patch;
}

function newRow(id: string, now: string, createdAt?: string | null): CustomerRow {
  return {
    id,
    name: null,
    email: null,
    billingId: null,
    crmId: null,
    salesforceId: null,
    awsMarketplaceCustomerId: null,
    couponId: null,
    hasPaymentMethod: false,
    excludeFromExperiment: false,
    billingInformation: null,
    metadata: {},
    archivedAt: null,
    createdAt: createdAt ?? now,
    updatedAt: now,
  };
}

export function getCustomer(env: Environment, customerId: string): CustomerRow {
  const row = customerRepo.get(env.db, assertCustomerId(customerId));
  if (!row) throw notFound('CustomerNotFound', 'Customer', customerId);
  return row;
}

/** Like getCustomer, but archived customers are not returned (Stigg: "no longer returned by the API"). */
export function getActiveCustomer(env: Environment, customerId: string): CustomerRow {
  const row = getCustomer(env, customerId);
  if (row.archivedAt) throw new EmulatorError('CustomerNotFound', `Customer not found: ${customerId} (archived)`, 404, { id: customerId });
  return row;
}

/**
 * E1-E5, the customer's part of provisionCustomer (subscriptions/customer-provisioning.ts): create
 * the customer `id`, or update it with the fields given, in the caller's transaction.
 */
export function upsertCustomer(db: Db, nowMs: number, id: string, input: CustomerInput): void {
  const now = iso(nowMs);
  const existing = customerRepo.get(db, id);
  if (existing?.archivedAt) {
    throw new EmulatorError('EntityIsArchivedError', `customer ${id} is archived; unarchive it before provisioning`, 409, { id });
  }
  const patch = patchOf(db, input, existing);
  if (existing) {
    customerRepo.update(db, id, { ...patch, updatedAt: now });
    webhookEventsOf.customerUpdated(db, nowMs, id);
  } else {
    if (input.createdAt !== undefined && input.createdAt !== null && Number.isNaN(Date.parse(input.createdAt))) {
      throw badInput('createdAt must be an ISO-8601 date');
    }
    customerRepo.insert(db, { ...newRow(id, now, input.createdAt ? iso(Date.parse(input.createdAt)) : null), ...patch });
    webhookEventsOf.customerCreated(db, nowMs, id);
  }
}

export function updateCustomer(env: Environment, nowMs: number, input: CustomerInput): CustomerRow {
  const id = idOf(input);
  return env.transaction((db) => {
    const existing = customerRepo.get(db, id);
    if (!existing || existing.archivedAt) throw notFound('CustomerNotFound', 'Customer', id);
    customerRepo.update(db, id, { ...patchOf(db, input, existing), updatedAt: iso(nowMs) });
    webhookEventsOf.customerUpdated(db, nowMs, id);
    return customerRepo.get(db, id)!;
  });
}

/** E7, E9: PII nullified, remaining subscriptions cancelled with CustomerArchived. */
export function archiveCustomer(env: Environment, nowMs: number, customerId: string): CustomerRow {
  const id = assertCustomerId(customerId);
  const now = iso(nowMs);
  return env.transaction((db) => {
    const existing = customerRepo.get(db, id);
    if (!existing || existing.archivedAt) throw notFound('CustomerNotFound', 'Customer', id);
    const live = customerRepo.liveSubscriptions(db, id);
    customerRepo.cancelSubscriptions(db, live.map((s) => s.id), now, 'CustomerArchived');
    webhookEventsOf.subscriptionsCanceled(db, nowMs, live.map((s) => s.id));
    customerRepo.update(db, id, { name: null, email: null, archivedAt: now, updatedAt: now });
    webhookEventsOf.customerDeleted(db, nowMs, id);
    return customerRepo.get(db, id)!;
  });
}

/** E10: returned again; nullified PII is not restored. */
export function unarchiveCustomer(env: Environment, nowMs: number, customerId: string): CustomerRow {
  const id = assertCustomerId(customerId);
  return env.transaction((db) => {
    const existing = customerRepo.get(db, id);
    if (!existing) throw notFound('CustomerNotFound', 'Customer', id);
    if (!existing.archivedAt) throw new EmulatorError('BadUserInput', `customer ${id} is not archived`);
    customerRepo.update(db, id, { archivedAt: null, updatedAt: iso(nowMs) });
    webhookEventsOf.customerUpdated(db, nowMs, id);
    return customerRepo.get(db, id)!;
  });
}

export interface ImportCustomerInput {
  customerId?: string | null;
  refId?: string | null;
  name?: string | null;
  email?: string | null;
  billingId?: string | null;
  salesforceId?: string | null;
  paymentMethodId?: string | null;
  additionalMetaData?: unknown;
  updatedAt?: string | null;
}

function importOne(db: Db, nowMs: number, input: ImportCustomerInput): { row: CustomerRow; skipped: boolean; created: boolean } {
  const id = idOf(input);
  const now = iso(nowMs);
  if (input.updatedAt && Number.isNaN(Date.parse(input.updatedAt))) throw badInput(`updatedAt of ${id} must be an ISO-8601 date`);
  const existing = customerRepo.get(db, id);
  if (existing && importIsStale(existing.updatedAt, input.updatedAt)) return { row: existing, skipped: true, created: false };
  const patch = patchOf(db, {
    name: input.name,
    email: input.email,
    billingId: input.billingId,
    salesforceId: input.salesforceId,
    additionalMetaData: input.additionalMetaData,
  });
  if (input.paymentMethodId) patch.hasPaymentMethod = true;
  const updatedAt = input.updatedAt ? iso(Date.parse(input.updatedAt)) : now;
  if (existing) {
    if (existing.archivedAt) throw new EmulatorError('EntityIsArchivedError', `customer ${id} is archived`, 409, { id });
    customerRepo.update(db, id, { ...patch, updatedAt });
    webhookEventsOf.customerUpdated(db, nowMs, id);
  } else {
    customerRepo.insert(db, { ...newRow(id, now), ...patch, updatedAt });
    webhookEventsOf.customerCreated(db, nowMs, id);
  }
  return { row: customerRepo.get(db, id)!, skipped: false, created: !existing };
}

export function importCustomer(env: Environment, nowMs: number, input: ImportCustomerInput): CustomerRow {
  return env.transaction((db) => importOne(db, nowMs, input).row);
}

/** E11: all or nothing; entries older than the stored customer are skipped. `newCustomers`: the ids it created, in input order. */
export function importCustomersBulk(env: Environment, nowMs: number, inputs: ImportCustomerInput[]): { imported: number; skipped: number; newCustomers: string[] } {
  if (inputs.length === 0) throw badInput('customers must not be empty');
  const ids = inputs.map((c) => idOf(c));
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new EmulatorError('DuplicatedEntityNotAllowed', `customer ${dup} appears more than once in the import`, 409, { id: dup });
  return env.transaction((db) => {
    let imported = 0;
    let skipped = 0;
    const newCustomers: string[] = [];
    for (const input of inputs) {
      const result = importOne(db, nowMs, input);
      if (result.skipped) skipped += 1;
      else imported += 1;
      if (result.created) newCustomers.push(result.row.id);
    }
    return { imported, skipped, newCustomers };
  });
}
