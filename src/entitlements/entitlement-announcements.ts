/**
 * entitlements.updated: the webhook log notes, for each event that may change a customer's
 * effective entitlements, the customer and scope (webhooks/webhook-service.ts); here, once per
 * command and instant, the read model lists them and, where the features and limits differ from
 * those last announced, the event is recorded. Registered by the composition: before each command
 * commits, and before an event of a later instant is recorded (time travel applies many instants
 * in one command).
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/open-database.js';
import { customerRepo } from '../db/repositories/customers.js';
import { entitlementDigests } from '../db/schema.js';
import { environmentIdOf } from '../environments/environment.js';
import { entitlementsChanged, entitlementsDigest, entitlementsUpdatedFields } from '../webhooks/webhook-rules.js';
import { pendingEntitlementsAt, recordEvent, takePendingEntitlements } from '../webhooks/webhook-service.js';
import { entitlementListIn } from './entitlement-service.js';

/**
 * entitlements.updated for every customer and scope whose effective entitlements (features and
 * limits) differ from those last announced; once per command and instant, before it commits.
 */
export function announceEntitlements(db: Db): void {
  const pending = takePendingEntitlements(db);
  if (!pending) return;
  const atMs = pending.atMs;
  for (const { customerId, resourceId, trigger } of pending.scopes) {
    const items = entitlementListIn(db, atMs, customerId, resourceId);
    const digest = entitlementsDigest(items);
    const scope = resourceId ?? '';
    const last = db
      .select({ digest: entitlementDigests.digest })
      .from(entitlementDigests)
      .where(and(eq(entitlementDigests.customerId, customerId), eq(entitlementDigests.resourceId, scope)))
      .get();
    if (!entitlementsChanged(last?.digest ?? null, digest, items.length)) continue;
    db.insert(entitlementDigests).values({ customerId, resourceId: scope, digest }).onConflictDoUpdate({ target: [entitlementDigests.customerId, entitlementDigests.resourceId], set: { digest } }).run();
    const environmentId = environmentIdOf(db) ?? null;
    recordEvent(db, atMs, 'entitlements.updated', entitlementsUpdatedFields(items, { trigger, customer: customerRepo.get(db, customerId) ?? null, customerId, resourceId, environmentId, nowMs: atMs }));
  }
}

/** Before an event of a later instant is recorded: announce what the earlier instant changed first. */
export function announceEarlierInstant(db: Db, nowMs: number): void {
  const atMs = pendingEntitlementsAt(db);
  if (atMs !== null && atMs < nowMs) announceEntitlements(db);
}
