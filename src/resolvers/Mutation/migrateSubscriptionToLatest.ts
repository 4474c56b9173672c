import { migrateSubscriptionToLatest as migrate, type MigrationInput } from '../../subscriptions/migration-service.js';
import type { Resolver } from '../context.js';

/** migrateSubscriptionToLatest (E53-E54): to the plan's latest version, now or at the end of the billing period. */
export const migrateSubscriptionToLatest: Resolver<unknown, { input: MigrationInput }> = (_parent, { input }, ctx) => migrate(ctx.env, ctx.nowMs, input);
