import { environmentObject } from '../shared/environment.js';
import { metadataOrNull } from '../../catalog/catalog-rules.js';
import type { FeatureRow } from '../../catalog/catalog-service.js';
import type { TypeResolvers } from '../context.js';

interface StoredMeter {
  aggregation: { function: string; field?: string | null };
  filters?: { conditions: { field: string; operation: string; value?: string | null; values?: string[] | null }[] }[];
}

/**
 * Parent: a features row. Shared by Feature and EntitlementFeature. The row's own fields (id,
 * displayName, description, featureType, meterType) are read by the default resolver.
 */
export const featureFields: TypeResolvers = {
  refId: (row: FeatureRow) => row.id,
  featureUnits: (row: FeatureRow) => row.units,
  featureUnitsPlural: (row: FeatureRow) => row.unitsPlural,
  featureStatus: (row: FeatureRow) => row.status,
  additionalMetaData: (row: FeatureRow) => metadataOrNull(row.metadata),
  enumConfiguration: (row: FeatureRow) =>
    row.featureType === 'ENUM' ? row.enumValues.map((e) => ({ value: e.value, displayName: e.displayName, deletedAt: null })) : null,
  unitTransformation: (row: FeatureRow) => {
    const ut = row.unitTransformation as { divide: number; round?: string; featureUnits?: string | null; featureUnitsPlural?: string | null } | null;
    return ut ? { divide: ut.divide, round: ut.round ?? 'UP', featureUnits: ut.featureUnits ?? null, featureUnitsPlural: ut.featureUnitsPlural ?? null } : null;
  },
};

const meterOf = (row: FeatureRow, environmentId: string) => {
  const meter = row.meter as StoredMeter | null;
  if (!meter) return null;
  return {
    id: `meter-${row.id}`,
    environmentId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    aggregation: { function: meter.aggregation.function, field: meter.aggregation.field ?? null },
    filters: (meter.filters ?? []).map((f) => ({
      conditions: f.conditions.map((c) => ({ field: c.field, operation: c.operation, value: c.value ?? null, values: c.values ?? null })),
    })),
  };
};

export const Feature: TypeResolvers = {
  ...featureFields,
  environmentId: (_row: FeatureRow, _args, ctx) => ctx.env.id,
  environment: environmentObject,
  hasMeter: (row: FeatureRow) => row.meter !== null,
  meter: (row: FeatureRow, _args, ctx) => meterOf(row, ctx.env.id),
};
