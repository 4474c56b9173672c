/**
 * `/api/v1/plans`: plans, their drafts and versions, charges and entitlements, over the catalog
 * editing services (src/catalog-editing/). A plan's answer describes its working version: its
 * draft when it has one (status DRAFT), else its published version.
 */
import { z } from 'zod';
import { asTrialConfig } from '../../catalog/catalog-rules.js';
import type { PlanRow } from '../../catalog/catalog-service.js';
import type { Db } from '../../db/open-database.js';
import { pricesOfCharges } from '../../catalog-editing/package-charges.js';
import { requirePackage, workingVersion } from '../../catalog-editing/package-rows.js';
import {
  archivePackage,
  createPackage,
  createPackageDraft,
  listPackages,
  publishPackage,
  removePackageDraft,
  updatePackage,
} from '../../catalog-editing/packages.js';
import { listRoute, queryList, route, type RestMethodDeclaration } from '../route.js';
import {
  chargeData,
  chargesInput,
  chargesOf,
  entitlementRefsOf,
  entitlementRoutes,
  metadataInput,
  packageStatus,
  pricingType,
  entitlementRef,
} from './packages-shared.js';
import { createdAtFilter } from './created-at.js';

const ID = z.string().min(1).max(255).regex(/^[a-zA-Z0-9][a-zA-Z0-9_|.-]*$/, 'must match ^[a-zA-Z0-9][a-zA-Z0-9_|.-]*$');

const trialConfig = z.object({
  duration: z.number().int().positive(),
  units: z.enum(['DAY', 'MONTH']),
  budget: z.object({ hasSoftLimit: z.boolean(), limit: z.number().nonnegative() }).nullish(),
  trialEndBehavior: z.enum(['CONVERT_TO_PAID', 'CANCEL_SUBSCRIPTION']).nullish(),
});

/** A plan as the REST API answers it (`Plan.Data`). */
export const planData = z.object({
  id: z.string(),
  billingId: z.string().nullable(),
  compatibleAddonIds: z.array(z.string()).nullable(),
  createdAt: z.string(),
  defaultTrialConfig: trialConfig.nullable(),
  description: z.string().nullable(),
  displayName: z.string(),
  entitlements: z.array(entitlementRef),
  isLatest: z.boolean().nullable(),
  metadata: z.record(z.string(), z.string()),
  parentPlanId: z.string().nullable(),
  pricingType: pricingType.nullable(),
  productId: z.string(),
  status: packageStatus,
  updatedAt: z.string(),
  versionNumber: z.number(),
});

export function planJson(db: Db, row: PlanRow): z.input<typeof planData> {
  const version = workingVersion(db, row);
  const trial = asTrialConfig(row.defaultTrialConfig);
  return {
    id: row.id,
    billingId: row.billingId,
    compatibleAddonIds: row.compatibleAddonIds,
    createdAt: row.createdAt,
    defaultTrialConfig: trial
      ? { duration: trial.duration, units: trial.units as 'DAY' | 'MONTH', budget: trial.budget ?? null, trialEndBehavior: (trial.trialEndBehavior ?? null) as 'CONVERT_TO_PAID' | null }
      : null,
    description: row.description,
    displayName: row.displayName,
    entitlements: entitlementRefsOf(db, row),
    isLatest: version.isLatest,
    metadata: row.metadata,
    parentPlanId: row.basePlanId,
    pricingType: row.pricingType as 'FREE' | 'PAID' | 'CUSTOM',
    productId: row.productId,
    status: version.status,
    updatedAt: row.updatedAt,
    versionNumber: version.versionNumber,
  };
}

const plan = (db: Db, id: string) => requirePackage(db, 'PLAN', id);

export const planRoutes: RestMethodDeclaration[] = [
  route(
    {
      sdk: 'v1.plans.create',
      method: 'post',
      path: '/api/v1/plans',
      summary: 'Create a plan (a draft unless created PUBLISHED)',
      body: z.object({
        id: ID,
        displayName: z.string().min(1).max(255),
        productId: ID,
        billingId: z.string().max(255).nullish(),
        defaultTrialConfig: trialConfig.nullish(),
        description: z.string().max(255).nullish(),
        metadata: metadataInput.optional(),
        parentPlanId: z.string().max(255).nullish(),
        pricingType: pricingType.nullish(),
        status: packageStatus.optional(),
      }),
      data: planData,
      status: 201,
    },
    ({ env, nowMs, body }) => planJson(env.db, createPackage(env, nowMs, 'PLAN', { ...body, defaultTrialConfig: body.defaultTrialConfig ?? null }) as PlanRow),
  ),
  route({ sdk: 'v1.plans.retrieve', method: 'get', path: '/api/v1/plans/{id}', summary: 'Retrieve a plan', data: planData }, ({ env, params }) =>
    planJson(env.db, plan(env.db, params.id)),
  ),
  route(
    {
      sdk: 'v1.plans.update',
      method: 'patch',
      path: '/api/v1/plans/{id}',
      summary: "Update a plan; `charges` sets its draft's prices",
      body: z.object({
        billingId: z.string().max(255).nullish(),
        charges: chargesInput.optional(),
        compatibleAddonIds: z.array(z.string().min(1)).nullish(),
        defaultTrialConfig: trialConfig.nullish(),
        description: z.string().max(255).nullish(),
        displayName: z.string().min(1).max(255).optional(),
        metadata: metadataInput.optional(),
        parentPlanId: z.string().max(255).nullish(),
      }),
      data: planData,
    },
    ({ env, nowMs, params, body }) => {
      const { charges, ...facts } = body;
      const updated = updatePackage(
        env,
        nowMs,
        'PLAN',
        params.id,
        { ...facts, ...(charges ? { pricingType: charges.pricingType } : {}) },
        charges ? (draft, db) => ({ ...draft, prices: pricesOfCharges(db, charges) as unknown as Record<string, unknown>[] }) : undefined,
      );
      return planJson(env.db, updated as PlanRow);
    },
  ),
  listRoute(
    {
      sdk: 'v1.plans.list',
      method: 'get',
      path: '/api/v1/plans',
      summary: 'List plans',
      query: z.object({ productId: z.string().optional(), status: queryList(packageStatus).optional(), createdAt: createdAtFilter }),
      data: planData,
    },
    ({ env, query }) => listPackages(env.db, 'PLAN', query).map((row) => planJson(env.db, row as PlanRow)),
  ),
  route({ sdk: 'v1.plans.archive', method: 'post', path: '/api/v1/plans/{id}/archive', summary: 'Archive a plan', data: planData }, ({ env, nowMs, params }) =>
    planJson(env.db, archivePackage(env, nowMs, 'PLAN', params.id) as PlanRow),
  ),
  route(
    { sdk: 'v1.plans.createDraft', method: 'post', path: '/api/v1/plans/{id}/draft', summary: "Create a draft of a plan's next version", data: planData, status: 201 },
    ({ env, nowMs, params }) => planJson(env.db, createPackageDraft(env, nowMs, 'PLAN', params.id) as PlanRow),
  ),
  listRoute(
    { sdk: 'v1.plans.listCharges', method: 'get', path: '/api/v1/plans/{id}/charges', summary: 'List the charges of a plan (its draft\'s, when it has one)', data: chargeData },
    ({ env, params }) => chargesOf(env.db, plan(env.db, params.id)),
  ),
  listRoute(
    {
      sdk: 'v1.plans.listOverageCharges',
      method: 'get',
      path: '/api/v1/plans/{id}/overage-charges',
      summary: 'List the overage charges of a plan (the emulator prices no overage: always empty)',
      data: chargeData,
    },
    ({ env, params }) => {
      plan(env.db, params.id);
      return [];
    },
  ),
  route(
    {
      sdk: 'v1.plans.publish',
      method: 'post',
      path: '/api/v1/plans/{id}/publish',
      summary: "Publish a plan's draft as its next version",
      body: z.object({ migrationType: z.enum(['NEW_CUSTOMERS', 'ALL_CUSTOMERS']) }),
      data: z.object({ taskId: z.string().nullable() }),
    },
    ({ env, nowMs, params, body }) => publishPackage(env, nowMs, 'PLAN', params.id, body.migrationType),
  ),
  route(
    { sdk: 'v1.plans.removeDraft', method: 'delete', path: '/api/v1/plans/{id}/draft', summary: "Remove a plan's draft", data: z.object({ id: z.string() }) },
    ({ env, nowMs, params }) => removePackageDraft(env, nowMs, 'PLAN', params.id),
  ),
  ...entitlementRoutes('PLAN'),
];
