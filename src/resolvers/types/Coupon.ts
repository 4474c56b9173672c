import { environmentObject } from '../shared/environment.js';
import { metadataOrNull } from '../../catalog/catalog-rules.js';
import { catalog, type CouponRow } from '../../catalog/catalog-service.js';
import type { TypeResolvers } from '../context.js';

/** Parent: a coupons row. */
export const Coupon: TypeResolvers = {
  id: (row: CouponRow) => row.id,
  refId: (row: CouponRow) => row.id,
  name: (row: CouponRow) => row.name,
  description: (row: CouponRow) => row.description,
  type: (row: CouponRow) => row.type,
  discountValue: (row: CouponRow) => row.discountValue,
  percentOff: (row: CouponRow) => (row.type === 'PERCENTAGE' ? row.discountValue : null),
  // a fixed coupon's amount is in its currency (USD when the fixture names none)
  amountsOff: (row: CouponRow) => (row.type === 'FIXED' ? [{ amount: row.discountValue, currency: row.currency ?? 'USD' }] : null),
  durationInMonths: (row: CouponRow) => row.durationInMonths,
  status: (row: CouponRow) => row.status,
  source: () => 'STIGG',
  additionalMetaData: (row: CouponRow) => metadataOrNull(row.metadata),
  createdAt: (row: CouponRow) => row.createdAt,
  updatedAt: (row: CouponRow) => row.updatedAt,
  environmentId: (_row: CouponRow, _args, ctx) => ctx.env.id,
  environment: environmentObject,
  billingId: () => null,
  billingLinkUrl: () => null,
  syncStates: () => [],
  customers: (row: CouponRow, _args, ctx) => catalog.couponCustomers(ctx.env.db, row.id),
};
