import type { TypeResolvers } from '../context.js';
import { featureFields } from './Feature.js';

/** Parent: a features row (the feature of an Entitlement). */
export const EntitlementFeature: TypeResolvers = { ...featureFields };
