/**
 * `/api/v1/features`: the catalog's features, read from the catalog the GraphQL resolvers read and
 * written through the catalog-editing services (the tables the fixtures seed).
 */
import { z } from 'zod';
import { catalog, type FeatureRow } from '../../catalog/catalog-service.js';
import { archiveFeature, createFeature, unarchiveFeature, updateFeature, type StoredMeterType, type UnitTransformation } from '../../catalog-editing/features.js';
import { featureFixture } from '../../fixtures/model.js';
import { listRoute, queryList, route, type RestMethodDeclaration } from '../route.js';
import { createdAtFilter, inCreatedRange } from './created-at.js';

const FEATURE_TYPES = ['BOOLEAN', 'NUMBER', 'ENUM'] as const;
const FEATURE_STATUSES = ['NEW', 'SUSPENDED', 'ACTIVE'] as const;
const METER_TYPES = ['None', 'FLUCTUATING', 'INCREMENTAL'] as const;
type RestMeterType = (typeof METER_TYPES)[number];

const STORED_METER_TYPE: Record<RestMeterType, StoredMeterType> = { None: 'None', FLUCTUATING: 'Fluctuating', INCREMENTAL: 'Incremental' };
const restMeterType = (stored: string): RestMeterType => (stored === 'Fluctuating' ? 'FLUCTUATING' : stored === 'Incremental' ? 'INCREMENTAL' : 'None');

const enumEntry = z.object({ displayName: z.string(), value: z.string() });
const unitTransformationData = z.object({
  divide: z.number(),
  featureUnits: z.string().nullable(),
  featureUnitsPlural: z.string().nullable(),
  round: z.enum(['UP', 'DOWN']),
});

const meterData = z.object({
  aggregation: z.object({ function: z.enum(['SUM', 'MAX', 'MIN', 'AVG', 'COUNT', 'UNIQUE']), field: z.string().optional() }),
  filters: z.array(z.object({ conditions: z.array(z.object({ field: z.string(), operation: z.string(), value: z.string().optional(), values: z.array(z.string()).optional() })) })),
});

interface StoredMeter {
  aggregation: { function: string; field?: string | null };
  filters?: { conditions: { field: string; operation: string; value?: string | null; values?: string[] | null }[] }[];
}

/** The stored meter as the REST API answers it (absent fields left out rather than null). */
function meterJson(stored: StoredMeter | null): z.input<typeof meterData> | null {
  if (!stored) return null;
  return {
    aggregation: { function: stored.aggregation.function as 'SUM', ...(stored.aggregation.field ? { field: stored.aggregation.field } : {}) },
    filters: (stored.filters ?? []).map((f) => ({
      conditions: f.conditions.map((c) => ({ field: c.field, operation: c.operation, ...(c.value != null ? { value: c.value } : {}), ...(c.values ? { values: c.values } : {}) })),
    })),
  };
}

/** A feature as the REST API answers it (`Feature.Data`). */
export const featureData = z.object({
  id: z.string(),
  createdAt: z.string(),
  description: z.string().nullable(),
  displayName: z.string(),
  enumConfiguration: z.array(enumEntry).nullable(),
  featureStatus: z.enum(FEATURE_STATUSES),
  featureType: z.enum(FEATURE_TYPES),
  featureUnits: z.string().nullable(),
  featureUnitsPlural: z.string().nullable(),
  metadata: z.record(z.string(), z.string()),
  meterType: z.enum(METER_TYPES),
  /** the event meter of a metered feature (the newer SDKs read it) */
  meter: meterData.nullable().optional(),
  unitTransformation: unitTransformationData.nullable(),
  updatedAt: z.string(),
});

export function featureJson(row: FeatureRow): z.input<typeof featureData> {
  const ut = row.unitTransformation as Partial<UnitTransformation> | null;
  return {
    id: row.id,
    createdAt: row.createdAt,
    description: row.description,
    displayName: row.displayName,
    enumConfiguration: row.featureType === 'ENUM' ? row.enumValues.map((e) => ({ displayName: e.displayName, value: e.value })) : null,
    featureStatus: row.status as (typeof FEATURE_STATUSES)[number],
    featureType: row.featureType as (typeof FEATURE_TYPES)[number],
    featureUnits: row.units,
    featureUnitsPlural: row.unitsPlural,
    metadata: row.metadata,
    meterType: restMeterType(row.meterType),
    meter: meterJson(row.meter as StoredMeter | null),
    unitTransformation: ut ? { divide: ut.divide!, featureUnits: ut.featureUnits ?? null, featureUnitsPlural: ut.featureUnitsPlural ?? null, round: ut.round ?? 'UP' } : null,
    updatedAt: row.updatedAt,
  };
}

const text = z.string().max(255);
const metadata = z.record(z.string(), z.string());
const enumConfiguration = z.array(z.object({ displayName: z.string().min(1), value: z.string().min(1) }));
const unitTransformationInput = z
  .object({
    divide: z.number().positive(),
    featureUnits: z.string().optional(),
    featureUnitsPlural: z.string().optional(),
    round: z.enum(['UP', 'DOWN']).optional(),
  })
  .nullable();
/** the fixtures' meter (aggregation and filters, as Stigg's CreateMeter) */
const meter = featureFixture.shape.meter.unwrap().unwrap();

const createBody = z.object({
  id: z.string().min(1).max(255),
  displayName: z.string().min(1).max(255),
  featureType: z.enum(FEATURE_TYPES),
  description: text.optional(),
  enumConfiguration: enumConfiguration.optional(),
  featureStatus: z.enum(FEATURE_STATUSES).optional(),
  featureUnits: text.optional(),
  featureUnitsPlural: text.optional(),
  metadata: metadata.optional(),
  meterType: z.enum(METER_TYPES).optional(),
  meter: meter.optional(),
  unitTransformation: unitTransformationInput.optional(),
});

const updateBody = z.object({
  description: text.optional(),
  displayName: z.string().min(1).max(255).optional(),
  enumConfiguration: enumConfiguration.optional(),
  featureUnits: text.optional(),
  featureUnitsPlural: text.optional(),
  metadata: metadata.optional(),
  meter: meter.optional(),
  unitTransformation: unitTransformationInput.optional(),
});

/** Newest first (as GraphQL's default sorting), ties by id. */
export const newestFirst = <T extends { id: string; createdAt: string }>(rows: readonly T[]): T[] =>
  [...rows].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

const listQuery = z.object({
  id: z.string().min(1).optional(),
  createdAt: createdAtFilter,
  featureType: queryList(z.enum(FEATURE_TYPES)).optional(),
  meterType: queryList(z.enum(METER_TYPES)).optional(),
  status: queryList(z.enum(FEATURE_STATUSES)).optional(),
});

const unitTransformationOf = (input: z.output<typeof unitTransformationInput> | undefined): UnitTransformation | null | undefined =>
  input === undefined ? undefined : input === null ? null : { divide: input.divide, round: input.round ?? 'UP', featureUnits: input.featureUnits ?? null, featureUnitsPlural: input.featureUnitsPlural ?? null };

/** The fields both createFeature and updateFeature set, in the service's terms. */
const editableFieldsOf = (body: z.output<typeof updateBody>) => ({
  displayName: body.displayName,
  description: body.description,
  units: body.featureUnits,
  unitsPlural: body.featureUnitsPlural,
  enumValues: body.enumConfiguration,
  metadata: body.metadata,
  meter: body.meter ? { aggregation: body.meter.aggregation, filters: body.meter.filters } : undefined,
  unitTransformation: unitTransformationOf(body.unitTransformation),
});

export const featureRoutes: RestMethodDeclaration[] = [
  route(
    { sdk: 'v1.features.createFeature', method: 'post', path: '/api/v1/features', summary: 'Create a feature', body: createBody, data: featureData },
    ({ env, nowMs, body }) =>
      featureJson(
        createFeature(env, nowMs, {
          id: body.id,
          ...editableFieldsOf(body),
          displayName: body.displayName,
          featureType: body.featureType,
          featureStatus: body.featureStatus,
          meterType: body.meterType ? STORED_METER_TYPE[body.meterType] : undefined,
        }),
      ),
  ),
  route(
    { sdk: 'v1.features.retrieveFeature', method: 'get', path: '/api/v1/features/{id}', summary: 'Retrieve a feature', data: featureData },
    ({ env, params }) => featureJson(catalog.requireFeature(env.db, params.id)),
  ),
  listRoute(
    { sdk: 'v1.features.listFeatures', method: 'get', path: '/api/v1/features', summary: 'List features', query: listQuery, data: featureData },
    ({ env, query }) =>
      newestFirst(catalog.features(env.db))
        .filter(
          (f) =>
            (query.id === undefined || f.id === query.id) &&
            inCreatedRange(f.createdAt, query.createdAt) &&
            (!query.featureType?.length || query.featureType.includes(f.featureType as never)) &&
            (!query.meterType?.length || query.meterType.includes(restMeterType(f.meterType))) &&
            (!query.status?.length || query.status.includes(f.status as never)),
        )
        .map(featureJson),
  ),
  route(
    { sdk: 'v1.features.updateFeature', method: 'patch', path: '/api/v1/features/{id}', summary: 'Update a feature', body: updateBody, data: featureData },
    ({ env, nowMs, params, body }) =>
      featureJson(
        updateFeature(env, nowMs, params.id, {
          ...editableFieldsOf(body),
        }),
      ),
  ),
  route(
    { sdk: 'v1.features.archiveFeature', method: 'post', path: '/api/v1/features/{id}/archive', summary: 'Archive a feature (status SUSPENDED)', data: featureData },
    ({ env, nowMs, params }) => featureJson(archiveFeature(env, nowMs, params.id)),
  ),
  route(
    { sdk: 'v1.features.unarchiveFeature', method: 'post', path: '/api/v1/features/{id}/unarchive', summary: 'Unarchive a feature (status ACTIVE)', data: featureData },
    ({ env, nowMs, params }) => featureJson(unarchiveFeature(env, nowMs, params.id)),
  ),
];
