import { and, asc, eq, gt, gte, inArray, lte, min, sql } from 'drizzle-orm';
import type { Db } from '../open-database.js';
import { instantPlaceholder } from '../instant-column.js';
import { placeholder, prepared } from '../prepared.js';
import {
  autoRechargeSettings,
  creditConsumptions,
  creditGrants,
  creditLedger,
  creditSchedules,
  customCurrencies,
  packageCredits,
} from '../schema.js';

export type CreditGrantRow = typeof creditGrants.$inferSelect;
export type CreditLedgerRow = typeof creditLedger.$inferSelect;
export type CustomCurrencyRow = typeof customCurrencies.$inferSelect;
export type AutoRechargeRow = typeof autoRechargeSettings.$inferSelect;
export type CreditScheduleRow = typeof creditSchedules.$inferSelect;
export type PackageCreditRow = typeof packageCredits.$inferSelect;
export type CreditConsumptionRow = typeof creditConsumptions.$inferSelect;

/** A wallet: a customer's credits of one currency ('' resource = the customer's own). */
export interface WalletKey {
  customerId: string;
  currencyId: string;
  resourceId: string;
}

const walletWhere = (w: WalletKey) =>
  and(eq(creditGrants.customerId, w.customerId), eq(creditGrants.currencyId, w.currencyId), eq(creditGrants.resourceId, w.resourceId));

export const creditRepo = {
  currency(db: Db, id: string): CustomCurrencyRow | undefined {
    return db.select().from(customCurrencies).where(eq(customCurrencies.id, id)).get();
  },
  currencies(db: Db): CustomCurrencyRow[] {
    return db.select().from(customCurrencies).orderBy(asc(customCurrencies.id)).all();
  },
  grant(db: Db, id: string): CreditGrantRow | undefined {
    return db.select().from(creditGrants).where(eq(creditGrants.id, id)).get();
  },
  walletGrants(db: Db, w: WalletKey): CreditGrantRow[] {
    return db.select().from(creditGrants).where(walletWhere(w)).all();
  },
  /** a customer's grants, optionally of one currency and resource, oldest first */
  customerGrants(db: Db, customerId: string, currencyId?: string | null, resourceId?: string | null): CreditGrantRow[] {
    const where = [eq(creditGrants.customerId, customerId)];
    if (currencyId) where.push(eq(creditGrants.currencyId, currencyId));
    if (resourceId !== undefined && resourceId !== null) where.push(eq(creditGrants.resourceId, resourceId));
    return db.select().from(creditGrants).where(and(...where)).orderBy(asc(creditGrants.createdAt), asc(creditGrants.id)).all();
  },
  insertGrant(db: Db, row: CreditGrantRow): void {
    db.insert(creditGrants).values(row).run();
  },
  /** a recurring grant: at most one per source and currency (a repeated reconcile writes nothing) */
  insertGrantOnce(db: Db, row: CreditGrantRow): boolean {
    return db.insert(creditGrants).values(row).onConflictDoNothing().run().changes > 0;
  },
  upsertGrant(db: Db, row: CreditGrantRow): void {
    const { id: _id, createdAt: _c, ...update } = row;
    db.insert(creditGrants).values(row).onConflictDoUpdate({ target: creditGrants.id, set: update }).run();
  },
  deleteLedgerOf(db: Db, grantId: string): void {
    db.delete(creditLedger).where(eq(creditLedger.grantId, grantId)).run();
  },
  autoRechargesOf(db: Db, customerId: string): AutoRechargeRow[] {
    return db.select().from(autoRechargeSettings).where(eq(autoRechargeSettings.customerId, customerId)).orderBy(asc(autoRechargeSettings.currencyId)).all();
  },
  addConsumed(db: Db, id: string, amount: number, at: string): void {
    db.update(creditGrants)
      .set({ consumed: sql`round(${creditGrants.consumed} + ${amount}, 9)`, updatedAt: at })
      .where(eq(creditGrants.id, id))
      .run();
  },
  updateGrant(db: Db, id: string, patch: Partial<Omit<CreditGrantRow, 'id'>>): void {
    db.update(creditGrants).set(patch).where(eq(creditGrants.id, id)).run();
  },
  /** a grant's CREDITS_GRANTED entry follows its effective date */
  redateGrantEntry(db: Db, grantId: string, timestamp: string): void {
    db.update(creditLedger)
      .set({ timestamp })
      .where(and(eq(creditLedger.grantId, grantId), eq(creditLedger.eventType, 'CREDITS_GRANTED')))
      .run();
  },
  /** the grants whose expiry falls in (afterIso, toIso] (compared as instants), by expiry, then as written */
  expiringBetween(db: Db, afterIso: string, toIso: string): CreditGrantRow[] {
    return db
      .select()
      .from(creditGrants)
      .where(and(gt(creditGrants.expireAt, afterIso), lte(creditGrants.expireAt, toIso)))
      .orderBy(asc(creditGrants.expireAt), sql`rowid`)
      .all();
  },
  /** the earliest expiry after `afterIso`, or null */
  earliestExpiryAfter(db: Db, afterIso: string): string | null {
    // read after every write (reconcile on the next request): prepared once per connection
    return (
      prepared(db, 'credits.earliestExpiryAfter', (d) =>
        d.select({ at: min(creditGrants.expireAt) }).from(creditGrants).where(gt(creditGrants.expireAt, instantPlaceholder('after'))).prepare(),
      ).get({ after: afterIso })?.at ?? null
    );
  },
  voidGrant(db: Db, id: string, at: string): void {
    db.update(creditGrants).set({ voidedAt: at, updatedAt: at }).where(eq(creditGrants.id, id)).run();
  },
  ledger(db: Db, row: Omit<CreditLedgerRow, 'id'>): void {
    db.insert(creditLedger).values(row).run();
  },
  ledgerOf(db: Db, customerId: string, currencyId?: string | null, resourceId?: string | null): CreditLedgerRow[] {
    const where = [eq(creditLedger.customerId, customerId)];
    if (currencyId) where.push(eq(creditLedger.currencyId, currencyId));
    if (resourceId !== undefined && resourceId !== null) where.push(eq(creditLedger.resourceId, resourceId));
    return db.select().from(creditLedger).where(and(...where)).orderBy(asc(creditLedger.id)).all();
  },
  consumption(db: Db, customerId: string, key: string): CreditConsumptionRow | undefined {
    return db.select().from(creditConsumptions).where(and(eq(creditConsumptions.customerId, customerId), eq(creditConsumptions.idempotencyKey, key))).get();
  },
  insertConsumption(db: Db, row: CreditConsumptionRow): void {
    db.insert(creditConsumptions).values(row).run();
  },
  consumptionsBetween(db: Db, customerId: string, currencyIds: string[], fromIso: string, toIso: string, resourceId?: string | null): CreditConsumptionRow[] {
    const where = [
      eq(creditConsumptions.customerId, customerId),
      inArray(creditConsumptions.currencyId, currencyIds),
      gte(creditConsumptions.timestamp, fromIso),
      lte(creditConsumptions.timestamp, toIso),
    ];
    if (resourceId !== undefined && resourceId !== null) where.push(eq(creditConsumptions.resourceId, resourceId));
    return db.select().from(creditConsumptions).where(and(...where)).orderBy(asc(creditConsumptions.timestamp)).all();
  },
  autoRecharge(db: Db, customerId: string, currencyId: string): AutoRechargeRow | undefined {
    return db
      .select()
      .from(autoRechargeSettings)
      .where(and(eq(autoRechargeSettings.customerId, customerId), eq(autoRechargeSettings.currencyId, currencyId)))
      .get();
  },
  saveAutoRecharge(db: Db, row: AutoRechargeRow): void {
    const { customerId: _c, currencyId: _cur, createdAt: _a, id: _id, ...update } = row;
    db.insert(autoRechargeSettings)
      .values(row)
      .onConflictDoUpdate({ target: [autoRechargeSettings.customerId, autoRechargeSettings.currencyId], set: update })
      .run();
  },
  packageCredits(db: Db, packageType: 'PLAN' | 'ADDON', packageId: string): PackageCreditRow[] {
    return prepared(db, 'credits.package', (d) =>
      d
        .select()
        .from(packageCredits)
        .where(and(eq(packageCredits.packageType, placeholder('packageType')), eq(packageCredits.packageId, placeholder('packageId'))))
        .prepare(),
    ).all({ packageType, packageId });
  },
  // ------------------------------------------------------------------ recurring grant schedules
  insertSchedule(db: Db, row: CreditScheduleRow): void {
    db.insert(creditSchedules).values(row).onConflictDoNothing().run();
  },
  /** the earliest schedule due at or before `atIso` */
  dueSchedule(db: Db, atIso: string): CreditScheduleRow | undefined {
    return db.select().from(creditSchedules).where(lte(creditSchedules.nextGrantAt, atIso)).orderBy(asc(creditSchedules.nextGrantAt)).limit(1).get();
  },
  nextSchedule(db: Db): CreditScheduleRow | undefined {
    return db.select().from(creditSchedules).orderBy(asc(creditSchedules.nextGrantAt)).limit(1).get();
  },
  advanceSchedule(db: Db, s: CreditScheduleRow, nextGrantAt: string): void {
    db.update(creditSchedules)
      .set({ nextGrantAt })
      .where(and(eq(creditSchedules.subscriptionId, s.subscriptionId), eq(creditSchedules.currencyId, s.currencyId)))
      .run();
  },
  deleteSchedule(db: Db, s: CreditScheduleRow): void {
    db.delete(creditSchedules).where(and(eq(creditSchedules.subscriptionId, s.subscriptionId), eq(creditSchedules.currencyId, s.currencyId))).run();
  },
};
