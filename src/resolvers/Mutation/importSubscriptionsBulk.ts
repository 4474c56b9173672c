import { importSubscriptionsBulk as importBulk, type ImportSubscriptionInput } from '../../subscriptions/provisioning.js';
import type { Resolver } from '../context.js';

export const importSubscriptionsBulk: Resolver<unknown, { input: { subscriptions: ImportSubscriptionInput[] } }> = (_parent, { input }, ctx) => {
  const result = importBulk(ctx.env, ctx.nowMs, input.subscriptions);
  return `imported ${result.imported} subscription(s), skipped ${result.skipped}`;
};
