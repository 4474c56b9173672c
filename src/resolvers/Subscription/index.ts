/**
 * Subscription root fields (served over graphql-ws at /graphql): each listens to its topic on the
 * environment's realtime bus. See docs/realtime.md for what is pushed and when.
 */
import type { SubscriptionResolver } from '../context.js';
import { creditBalanceUpdated } from './creditBalanceUpdated.js';
import { entitlementsUpdated } from './entitlementsUpdated.js';
import { entitlementsUpdatedV2 } from './entitlementsUpdatedV2.js';
import { packagePublished } from './packagePublished.js';
import { usageUpdated } from './usageUpdated.js';
import { usageUpdatedV2 } from './usageUpdatedV2.js';

export const subscriptionResolvers: Record<string, SubscriptionResolver> = {
  creditBalanceUpdated,
  entitlementsUpdated,
  entitlementsUpdatedV2,
  packagePublished,
  usageUpdated,
  usageUpdatedV2,
};
