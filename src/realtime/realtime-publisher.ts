/**
 * Realtime updates: an outbox of the environment (like webhook delivery). After each commit it
 * reads what the transaction changed (change-capture.ts) and publishes on the environment's bus:
 * `entitlementsUpdated` (and `entitlementsUpdatedV2`) for each customer (and resource scope) whose
 * entitlements may have changed, `usageUpdated` (and `usageUpdatedV2`) for each usage row or meter
 * aggregate written, `creditBalanceUpdated` for each wallet (customer, currency, resource) whose
 * grants changed, `packagePublished` for each plan or add-on written.
 * Payloads are computed at publish time, in environment time, and only when someone listens.
 * When the database is replaced (reset, snapshot restore, import) every customer of the old and
 * the new database gets `entitlementsUpdated` (read only when someone listens: a restore of a
 * large environment reads no customer list otherwise).
 */
import { asc } from 'drizzle-orm';
import { catalog, invalidateCatalog } from '../catalog/catalog-service.js';
import * as t from '../db/schema.js';
import { entitlementsState, featureEntitlement } from '../entitlements/entitlement-service.js';
import type { Environment, Outbox } from '../environments/environment.js';
import type { Logger } from '../logging/logger.js';
import { balanceOf } from '../credits/wallet.js';
import { creditEntitlement } from '../credits/credit-entitlements.js';
import { entitlementUnion } from '../entitlements/entitlement-union.js';
import { drainChanges, installChangeCapture, type CapturedChange } from './change-capture.js';

/** The account every emulated environment belongs to (Stigg's payloads carry one). */
export const EMULATOR_ACCOUNT_ID = 'emulator';

/** GraphQL `EntitlementsUpdated`. */
export interface EntitlementsUpdatedPayload {
  accountId: string;
  environmentId: string;
  customerId: string;
  resourceId: string | null;
  accessDeniedReason: string | null;
  entitlements: ReturnType<typeof entitlementsState>['entitlements'] | ReturnType<typeof entitlementUnion>;
}

/** GraphQL `UsageUpdated`: the measurement's new state and the feature's entitlement. */
export interface UsageUpdatedPayload {
  entitlement: ReturnType<typeof featureEntitlement>;
  usage: {
    accountId: string;
    environmentId: string;
    customerId: string;
    resourceId: string | null;
    featureId: string;
    currentUsage: number;
    /** epoch milliseconds (Float), null when the usage never resets */
    usagePeriodStart: number | null;
    usagePeriodEnd: number | null;
    nextResetDate: number | null;
  };
}

/** GraphQL `UsageUpdatedV2`: the usage of one entitlement (a feature's, or a currency's credits) after it changed. */
export interface UsageUpdatedV2Payload {
  accountId: string;
  environmentId: string;
  customerId: string;
  resourceId: string | null;
  entitlementReference: { id: string; type: 'FEATURE' | 'CREDIT' };
  usage: { currentUsage: number; usageUpdatedAt: string; usagePeriodStart: string | null; usagePeriodEnd: string | null };
}

/** GraphQL `PackagePublished`. */
export interface PackagePublishedPayload {
  accountId: string;
  environmentId: string;
  packageType: 'PLAN' | 'ADDON';
  packageRefId: string;
  packageVersion: number;
  migrationType: 'ALL_CUSTOMERS' | 'NEW_CUSTOMERS';
}

const epochOrNull = (value: string | null): number | null => (value ? Date.parse(value) : null);

export class RealtimePublisher implements Outbox {
  private stopped = false;
  /** the customers of the database being replaced, read just before it closes (only when someone listens) */
  private replacedCustomers: string[] = [];

  constructor(
    private readonly env: Environment,
    private readonly logger?: Logger,
  ) {
    this.follow();
  }

  committed(): void {
    if (this.stopped) return;
    const changes = drainChanges(this.env.sqlite);
    if (changes.length === 0) return;
    this.guard(() => this.publishChanges(changes));
  }

  databaseReplacing(): void {
    this.replacedCustomers = this.listening() ? this.customerIds() : [];
  }

  databaseReplaced(): void {
    this.stopped = false;
    const before = this.replacedCustomers;
    this.replacedCustomers = [];
    this.follow();
    if (!this.listening()) return;
    const customers = new Map<string, Set<string | null>>();
    for (const id of [...before, ...this.customerIds()]) customers.set(id, new Set([null]));
    // published once the caller has also put the clock back (reset, snapshot restore)
    queueMicrotask(() => {
      if (!this.stopped && this.env.sqlite.open) this.guard(() => this.publishEntitlements(customers));
    });
  }

  stop(): void {
    this.stopped = true;
  }

  /** Time moved: usage windows may have rolled, so every customer's entitlements are published again. */
  clockMoved(): void {
    if (this.stopped || !this.listening()) return;
    const customers = new Map<string, Set<string | null>>(this.customerIds().map((id) => [id, new Set<string | null>([null])]));
    this.guard(() => this.publishEntitlements(customers));
  }

  /** Capture changes of the current database. */
  private follow(): void {
    installChangeCapture(this.env.sqlite);
    drainChanges(this.env.sqlite);
  }

  /** Whether anyone listens to entitlement updates, either form (nothing is read for them otherwise). */
  private listening(): boolean {
    return this.env.realtime.has('entitlementsUpdated') || this.env.realtime.has('entitlementsUpdatedV2');
  }

  /** Every customer of the current database. */
  private customerIds(): string[] {
    return this.env.db.select({ id: t.customers.id }).from(t.customers).orderBy(asc(t.customers.id)).all().map((r) => r.id);
  }

  /** The command is committed already: a failure here is logged, never thrown at it. */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.logger?.error({ environment: this.env.id, err: error }, 'realtime update not published');
    }
  }

  private publishChanges(changes: CapturedChange[]): void {
    const customers = new Map<string, Set<string | null>>();
    const usage = new Map<string, { customerId: string; featureId: string; resourceId: string | null }>();
    const packages = new Map<string, PackagePublishedPayload>();
    const wallets = new Map<string, { customerId: string; currencyId: string; resourceId: string }>();
    let catalogChanged = false;
    for (const change of changes) {
      if (change.kind === 'customer' && change.a) {
        const scopes = customers.get(change.a) ?? new Set<string | null>([null]);
        if (change.b) scopes.add(change.b);
        customers.set(change.a, scopes);
      } else if (change.kind === 'usage' && change.a && change.b) {
        const resourceId = change.c ? change.c : null;
        usage.set(JSON.stringify([change.a, change.b, resourceId]), { customerId: change.a, featureId: change.b, resourceId });
      } else if (change.kind === 'package' && change.a && change.b) {
        catalogChanged = true;
        const previous = packages.get(`${change.a}:${change.b}`);
        packages.set(`${change.a}:${change.b}`, {
          accountId: EMULATOR_ACCOUNT_ID,
          environmentId: this.env.id,
          packageType: change.a as 'PLAN' | 'ADDON',
          packageRefId: change.b,
          packageVersion: 1,
          // a package written in place changes what existing subscribers get: the SDK then drops its cache
          migrationType: previous?.migrationType === 'ALL_CUSTOMERS' || change.c === 'UPDATE' ? 'ALL_CUSTOMERS' : 'NEW_CUSTOMERS',
        });
      } else if (change.kind === 'catalog') {
        catalogChanged = true;
      } else if (change.kind === 'credit' && change.a && change.b) {
        wallets.set(JSON.stringify([change.a, change.b, change.c ?? '']), { customerId: change.a, currencyId: change.b, resourceId: change.c ?? '' });
      }
    }
    // the catalog is cached per database: fixtures that changed it are read afresh
    if (catalogChanged) invalidateCatalog(this.env.db);

    const bus = this.env.realtime;
    if (bus.has('packagePublished')) for (const payload of packages.values()) bus.publish('packagePublished', payload);
    this.publishEntitlements(customers);
    if (bus.has('usageUpdated') || bus.has('usageUpdatedV2')) {
      const nowMs = this.env.nowMs();
      for (const key of usage.values()) {
        const payload = this.usagePayload(key, nowMs);
        if (bus.has('usageUpdated')) bus.publish('usageUpdated', payload);
        if (bus.has('usageUpdatedV2')) bus.publish('usageUpdatedV2', usageV2Of(payload, nowMs));
      }
    }
    if (bus.has('creditBalanceUpdated')) {
      const nowMs = this.env.nowMs();
      for (const wallet of wallets.values()) bus.publish('creditBalanceUpdated', balanceOf(this.env.db, nowMs, wallet));
    }
    // V2: a wallet's credit usage changed: the usage of the customer's credit entitlement of that currency
    if (bus.has('usageUpdatedV2')) {
      const nowMs = this.env.nowMs();
      for (const wallet of wallets.values()) {
        const credit = creditEntitlement(this.env, nowMs, { customerId: wallet.customerId, currencyId: wallet.currencyId, resourceId: wallet.resourceId || null });
        bus.publish('usageUpdatedV2', {
          accountId: EMULATOR_ACCOUNT_ID,
          environmentId: this.env.id,
          customerId: wallet.customerId,
          resourceId: wallet.resourceId || null,
          entitlementReference: { id: wallet.currencyId, type: 'CREDIT' },
          usage: { currentUsage: credit.currentUsage, usageUpdatedAt: credit.usageUpdatedAt ?? new Date(nowMs).toISOString(), usagePeriodStart: null, usagePeriodEnd: credit.usagePeriodEnd },
        } satisfies UsageUpdatedV2Payload);
      }
    }
  }

  /** entitlementsUpdated for each customer, in the global scope and every resource scope it has. */
  private publishEntitlements(customers: Map<string, Set<string | null>>): void {
    const bus = this.env.realtime;
    if (customers.size === 0 || (!bus.has('entitlementsUpdated') && !bus.has('entitlementsUpdatedV2'))) return;
    const nowMs = this.env.nowMs();
    for (const [customerId, scopes] of customers) {
      for (const sub of catalog.customerSubscriptions(this.env.db, customerId)) if (sub.resourceId) scopes.add(sub.resourceId);
      for (const resourceId of scopes) {
        const state = entitlementsState(this.env, nowMs, { customerId, resourceId });
        const payload: EntitlementsUpdatedPayload = {
          accountId: EMULATOR_ACCOUNT_ID,
          environmentId: this.env.id,
          customerId,
          resourceId,
          accessDeniedReason: state.accessDeniedReason,
          entitlements: state.entitlements,
        };
        if (bus.has('entitlementsUpdated')) bus.publish('entitlementsUpdated', payload);
        // V2: the EntitlementUnion: the same feature entitlements, then the credit entitlements
        if (bus.has('entitlementsUpdatedV2')) {
          const listed = state.accessDeniedReason === null || state.accessDeniedReason === 'NoActiveSubscription';
          bus.publish('entitlementsUpdatedV2', { ...payload, entitlements: listed ? entitlementUnion(this.env.db, nowMs, customerId, resourceId, state.entitlements) : state.entitlements });
        }
      }
    }
  }

  private usagePayload(key: { customerId: string; featureId: string; resourceId: string | null }, nowMs: number): UsageUpdatedPayload {
    const entitlement = featureEntitlement(this.env, nowMs, key);
    return {
      entitlement,
      usage: {
        accountId: EMULATOR_ACCOUNT_ID,
        environmentId: this.env.id,
        customerId: key.customerId,
        resourceId: key.resourceId,
        featureId: key.featureId,
        currentUsage: entitlement.currentUsage ?? 0,
        usagePeriodStart: epochOrNull(entitlement.usagePeriodStart),
        usagePeriodEnd: epochOrNull(entitlement.usagePeriodEnd),
        nextResetDate: epochOrNull(entitlement.usagePeriodEnd),
      },
    };
  }
}

/** The V2 form of a usage update: the entitlement it belongs to, and its usage with DateTime instants. */
function usageV2Of(payload: UsageUpdatedPayload, nowMs: number): UsageUpdatedV2Payload {
  const { usage, entitlement } = payload;
  return {
    accountId: usage.accountId,
    environmentId: usage.environmentId,
    customerId: usage.customerId,
    resourceId: usage.resourceId,
    entitlementReference: { id: usage.featureId, type: 'FEATURE' },
    usage: {
      currentUsage: usage.currentUsage,
      usageUpdatedAt: entitlement.usageUpdatedAt ?? new Date(nowMs).toISOString(),
      usagePeriodStart: entitlement.usagePeriodStart,
      usagePeriodEnd: entitlement.usagePeriodEnd,
    },
  };
}
