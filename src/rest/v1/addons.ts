/**
 * `/api/v1/addons`: add-ons, their drafts, charges and entitlements, over the catalog editing
 * services (src/catalog-editing/). An add-on's answer describes its working version: its draft when
 * it has one (status DRAFT), else its published version.
 */
import { z } from 'zod';
import { asPrices, packagePricingType } from '../../catalog/catalog-rules.js';
import type { AddonRow } from '../../catalog/catalog-service.js';
import type { Db } from '../../db/open-database.js';
import { pricesOfCharges } from '../../catalog-editing/package-charges.js';
import { requirePackage, workingVersion } from '../../catalog-editing/package-rows.js';
import { archivePackage, createPackage, createPackageDraft, listPackages, publishPackage, removePackageDraft, updatePackage } from '../../catalog-editing/packages.js';
import { listRoute, queryList, route, type RestMethodDeclaration } from '../route.js';
import { chargeData, chargesInput, chargesOf, entitlementRef, entitlementRefsOf, entitlementRoutes, metadataInput, packageStatus, pricingType } from './packages-shared.js';
import { createdAtFilter } from './created-at.js';

const ID = z.string().min(1).max(255).regex(/^[a-zA-Z0-9][a-zA-Z0-9_|.-]*$/, 'must match ^[a-zA-Z0-9][a-zA-Z0-9_|.-]*$');

/** An add-on as the REST API answers it (`Addon.Data`). */
export const addonData = z.object({
  id: z.string(),
  billingId: z.string().nullable(),
  createdAt: z.string(),
  dependencies: z.array(z.string()).nullable(),
  description: z.string().nullable(),
  displayName: z.string(),
  entitlements: z.array(entitlementRef),
  isLatest: z.boolean().nullable(),
  maxQuantity: z.number().nullable(),
  metadata: z.record(z.string(), z.string()),
  pricingType: pricingType.nullable(),
  productId: z.string(),
  status: packageStatus,
  updatedAt: z.string(),
  versionNumber: z.number(),
});

export function addonJson(db: Db, row: AddonRow): z.input<typeof addonData> {
  const version = workingVersion(db, row);
  return {
    id: row.id,
    billingId: row.billingId,
    createdAt: row.createdAt,
    dependencies: row.dependencies,
    description: row.description,
    displayName: row.displayName,
    entitlements: entitlementRefsOf(db, row),
    isLatest: version.isLatest,
    maxQuantity: row.maxQuantity,
    metadata: row.metadata,
    // an add-on is PAID when it has a price (as GraphQL's Addon.pricingType)
    pricingType: packagePricingType(asPrices(version.prices)),
    productId: row.productId,
    status: version.status,
    updatedAt: row.updatedAt,
    versionNumber: version.versionNumber,
  };
}

const addon = (db: Db, id: string) => requirePackage(db, 'ADDON', id);

export const addonRoutes: RestMethodDeclaration[] = [
  route(
    {
      sdk: 'v1.addons.create',
      method: 'post',
      path: '/api/v1/addons',
      summary: 'Create an add-on (a draft unless created PUBLISHED)',
      body: z.object({
        id: ID,
        displayName: z.string().min(1).max(255),
        productId: ID,
        billingId: z.string().max(255).nullish(),
        description: z.string().max(255).nullish(),
        maxQuantity: z.number().int().positive().nullish(),
        metadata: metadataInput.optional(),
        pricingType: pricingType.nullish(),
        status: packageStatus.optional(),
      }),
      data: addonData,
      status: 201,
    },
    ({ env, nowMs, body }) => addonJson(env.db, createPackage(env, nowMs, 'ADDON', body) as AddonRow),
  ),
  route({ sdk: 'v1.addons.retrieve', method: 'get', path: '/api/v1/addons/{id}', summary: 'Retrieve an add-on', data: addonData }, ({ env, params }) =>
    addonJson(env.db, addon(env.db, params.id)),
  ),
  route(
    {
      sdk: 'v1.addons.update',
      method: 'patch',
      path: '/api/v1/addons/{id}',
      summary: "Update an add-on; `charges` sets its draft's prices",
      body: z.object({
        billingId: z.string().max(255).nullish(),
        charges: chargesInput.optional(),
        dependencies: z.array(z.string().min(1)).nullish(),
        description: z.string().max(255).nullish(),
        displayName: z.string().min(1).max(255).optional(),
        maxQuantity: z.number().int().positive().nullish(),
        metadata: metadataInput.optional(),
        status: packageStatus.optional(),
      }),
      data: addonData,
    },
    ({ env, nowMs, params, body }) => {
      const { charges, ...facts } = body;
      const updated = updatePackage(
        env,
        nowMs,
        'ADDON',
        params.id,
        { ...facts, pricingType: charges?.pricingType },
        charges ? (draft, db) => ({ ...draft, prices: pricesOfCharges(db, charges) as unknown as Record<string, unknown>[] }) : undefined,
      );
      return addonJson(env.db, updated as AddonRow);
    },
  ),
  listRoute(
    {
      sdk: 'v1.addons.list',
      method: 'get',
      path: '/api/v1/addons',
      summary: 'List add-ons',
      query: z.object({ productId: z.string().optional(), status: queryList(packageStatus).optional(), createdAt: createdAtFilter }),
      data: addonData,
    },
    ({ env, query }) => listPackages(env.db, 'ADDON', query).map((row) => addonJson(env.db, row as AddonRow)),
  ),
  route({ sdk: 'v1.addons.archive', method: 'post', path: '/api/v1/addons/{id}/archive', summary: 'Archive an add-on', data: addonData }, ({ env, nowMs, params }) =>
    addonJson(env.db, archivePackage(env, nowMs, 'ADDON', params.id) as AddonRow),
  ),
  route(
    { sdk: 'v1.addons.createDraft', method: 'post', path: '/api/v1/addons/{id}/draft', summary: "Create a draft of an add-on's next version", data: addonData, status: 201 },
    ({ env, nowMs, params }) => addonJson(env.db, createPackageDraft(env, nowMs, 'ADDON', params.id) as AddonRow),
  ),
  listRoute(
    { sdk: 'v1.addons.listCharges', method: 'get', path: '/api/v1/addons/{id}/charges', summary: "List the charges of an add-on (its draft's, when it has one)", data: chargeData },
    ({ env, params }) => chargesOf(env.db, addon(env.db, params.id)),
  ),
  route(
    {
      sdk: 'v1.addons.publish',
      method: 'post',
      path: '/api/v1/addons/{id}/publish',
      summary: "Publish an add-on's draft (it replaces the add-on's published version for every subscription)",
      body: z.object({ migrationType: z.enum(['NEW_CUSTOMERS', 'ALL_CUSTOMERS']) }),
      data: z.object({ taskId: z.string().nullable() }),
    },
    ({ env, nowMs, params, body }) => publishPackage(env, nowMs, 'ADDON', params.id, body.migrationType),
  ),
  route(
    { sdk: 'v1.addons.removeDraft', method: 'delete', path: '/api/v1/addons/{id}/draft', summary: "Remove an add-on's draft", data: z.object({ id: z.string() }) },
    ({ env, nowMs, params }) => removePackageDraft(env, nowMs, 'ADDON', params.id),
  ),
  ...entitlementRoutes('ADDON'),
];
