import { badInput } from '../../errors.js';
import type { Resolver } from '../context.js';

interface EntitlementCheckRequested {
  customerId: string;
  featureId: string;
  entitlementCheckResult: { hasAccess: boolean };
}

/**
 * The SDKs' report of a check they decided locally: accepted and kept in the environment's request
 * journal (every GraphQL request is, with its variables); it changes no state.
 */
export const reportEntitlementCheckRequested: Resolver<unknown, { entitlementCheckRequested: EntitlementCheckRequested }> = (_parent, { entitlementCheckRequested: input }) => {
  if (!input.customerId.trim()) throw badInput('customerId is required');
  if (!input.featureId.trim()) throw badInput('featureId is required');
  return true;
};
