import { environmentObject } from '../shared/environment.js';
import { customerRepo, type CustomerRow } from '../../db/repositories/customers.js';
import { untilWrite } from '../shared/request-memo.js';
import { billingInfoField, defaultPaymentMethodOf } from '../../customers/customer-rules.js';
import { customerView } from '../../views/customer-view.js';
import { customerSubscriptions, type SubscriptionListArgs } from '../../subscriptions/subscription-queries.js';
import type { GraphQLContext, TypeResolvers } from '../context.js';

/** The customer's subscriptions as stored, read once for every field that needs them (and every request until the next write). */
const subscriptionsOf = (row: CustomerRow, ctx: GraphQLContext) => untilWrite(ctx, `customer.subscriptions:${row.id}`, () => customerRepo.subscriptions(ctx.env.db, row.id));

const view = (row: CustomerRow, ctx: GraphQLContext) => customerView(ctx.env.db, row, ctx.nowMs, () => subscriptionsOf(row, ctx));

export const Customer: TypeResolvers = {
  id: (row: CustomerRow) => row.id,
  customerId: (row: CustomerRow) => row.id,
  refId: (row: CustomerRow) => row.id,
  environmentId: (_row: CustomerRow, _args, ctx) => ctx.env.id,
  environment: environmentObject,
  additionalMetaData: (row: CustomerRow) => row.metadata,
  excludeFromExperiment: (row: CustomerRow) => row.excludeFromExperiment,
  deletedAt: (row: CustomerRow) => row.archivedAt,
  billingCurrency: (row: CustomerRow) => billingInfoField(row, 'currency'),
  defaultPaymentMethodId: (row: CustomerRow) => defaultPaymentMethodOf(row)?.billingId ?? null,
  defaultPaymentMethodType: (row: CustomerRow) => defaultPaymentMethodOf(row)?.type ?? null,
  defaultPaymentMethodLast4Digits: (row: CustomerRow) => defaultPaymentMethodOf(row)?.cardLast4Digits ?? null,
  defaultPaymentExpirationMonth: (row: CustomerRow) => defaultPaymentMethodOf(row)?.cardExpiryMonth ?? null,
  defaultPaymentExpirationYear: (row: CustomerRow) => defaultPaymentMethodOf(row)?.cardExpiryYear ?? null,
  coupon: (row: CustomerRow, _args, ctx) => view(row, ctx).coupon(),
  // filter and sorting as sent (the schema declares no arguments on Customer.subscriptions: every subscription)
  subscriptions: (row: CustomerRow, args: SubscriptionListArgs, ctx) => customerSubscriptions(ctx.env.db, ctx.nowMs, row.id, args ?? {}, ctx.env.id, subscriptionsOf(row, ctx)),
  hasActiveSubscription: (row: CustomerRow, _args, ctx) => view(row, ctx).liveSubscriptions().length > 0,
  totalActiveSubscription: (row: CustomerRow, _args, ctx) => view(row, ctx).liveSubscriptions().length,
  hasActiveResource: (row: CustomerRow, _args, ctx) => view(row, ctx).liveSubscriptions().some((s) => s.resourceId !== null),
  promotionalEntitlements: (row: CustomerRow, _args, ctx) => view(row, ctx).activePromotionalEntitlements(),
  totalActivePromotionalEntitlements: (row: CustomerRow, _args, ctx) => view(row, ctx).activePromotionalEntitlements().length,
  trialedPlans: (row: CustomerRow, _args, ctx) => view(row, ctx).trialedPlans(),
  eligibleForTrial: (row: CustomerRow, _args, ctx) => view(row, ctx).eligibleForTrial(),
  experimentInfo: () => null,
  experiment: () => null,
  syncStates: () => [],
};
