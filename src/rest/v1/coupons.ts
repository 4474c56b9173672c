/**
 * `/api/v1/coupons`: the catalog's coupons, created, read, listed, updated and archived, over the
 * coupon service GraphQL's createOneCoupon calls and the catalog GraphQL's coupons reads.
 */
import { z } from 'zod';
import type { CouponRow } from '../../catalog/catalog-service.js';
import { archiveCoupon, createCoupon, listCoupons, updateCoupon } from '../../pricing/coupon-service.js';
import { catalog } from '../../catalog/catalog-service.js';
import { notFound } from '../../errors.js';
import { listRoute, queryList, route, type RestMethodDeclaration } from '../route.js';
import { createdAtFilter, inCreatedRange } from './created-at.js';

/** ISO 4217 codes as the REST API writes them (lower case). */
const currencyCode = z.string().regex(/^[a-z]{3}$/, 'an ISO 4217 code in lower case');
const metadataSchema = z.record(z.string(), z.string());

/** A coupon as the REST API answers it (`Coupon.Data`). */
export const couponData = z.object({
  id: z.string(),
  amountsOff: z.array(z.object({ amount: z.number(), currency: z.string() })).nullable(),
  billingId: z.string().nullable(),
  billingLinkUrl: z.string().nullable(),
  createdAt: z.string(),
  description: z.string().nullable(),
  durationInMonths: z.number().int().nullable(),
  metadata: metadataSchema.nullable(),
  name: z.string(),
  percentOff: z.number().nullable(),
  source: z.enum(['STIGG', 'STIGG_ADHOC', 'STRIPE']).nullable(),
  status: z.enum(['ACTIVE', 'ARCHIVED']),
  type: z.enum(['FIXED', 'PERCENTAGE']),
  updatedAt: z.string(),
});

export function couponJson(row: CouponRow): z.input<typeof couponData> {
  return {
    id: row.id,
    // a fixed coupon's amount is in its currency (USD when the fixture names none)
    amountsOff: row.type === 'FIXED' ? [{ amount: row.discountValue, currency: (row.currency ?? 'USD').toLowerCase() }] : null,
    billingId: null,
    billingLinkUrl: null,
    createdAt: row.createdAt,
    description: row.description,
    durationInMonths: row.durationInMonths,
    metadata: row.metadata,
    name: row.name,
    percentOff: row.type === 'PERCENTAGE' ? row.discountValue : null,
    source: 'STIGG',
    status: row.status as 'ACTIVE',
    type: row.type as 'FIXED',
    updatedAt: row.updatedAt,
  };
}

export const couponRoutes: RestMethodDeclaration[] = [
  route(
    {
      sdk: 'v1.coupons.create',
      method: 'post',
      path: '/api/v1/coupons',
      summary: 'Create a coupon (exactly one of percentOff and amountsOff)',
      body: z
        .object({
          id: z.string().min(1),
          name: z.string().min(1),
          description: z.string().nullable(),
          durationInMonths: z.number().int().positive().nullable(),
          metadata: metadataSchema.nullable(),
          percentOff: z.number().positive().max(100).nullable(),
          amountsOff: z.array(z.object({ amount: z.number().positive(), currency: currencyCode })).min(1).nullable(),
        })
        .refine((b) => (b.percentOff === null) !== (b.amountsOff === null), { message: 'give exactly one of percentOff and amountsOff', path: ['percentOff'] }),
      data: couponData,
    },
    ({ env, nowMs, body }) =>
      couponJson(
        createCoupon(env, nowMs, {
          refId: body.id,
          name: body.name,
          description: body.description,
          type: body.percentOff !== null ? 'PERCENTAGE' : 'FIXED',
          percentOff: body.percentOff,
          amountsOff: body.amountsOff?.map((a) => ({ amount: a.amount, currency: a.currency.toUpperCase() })) ?? null,
          durationInMonths: body.durationInMonths,
          additionalMetaData: body.metadata,
        }),
      ),
  ),
  route(
    { sdk: 'v1.coupons.retrieve', method: 'get', path: '/api/v1/coupons/{id}', summary: 'Retrieve a coupon', data: couponData },
    ({ env, params }) => {
      const row = catalog.coupon(env.db, params.id);
      if (!row) throw notFound('CouponNotFound', 'Coupon', params.id);
      return couponJson(row);
    },
  ),
  listRoute(
    {
      sdk: 'v1.coupons.list',
      method: 'get',
      path: '/api/v1/coupons',
      summary: 'The coupons, newest first, filtered by id, status, type and creation date',
      query: z.object({
        id: z.string().min(1).optional(),
        status: queryList(z.enum(['ACTIVE', 'ARCHIVED'])).optional(),
        type: z.enum(['FIXED', 'PERCENTAGE']).optional(),
        createdAt: createdAtFilter,
      }),
      data: couponData,
    },
    ({ env, query }) =>
      listCoupons(env)
        .filter((c) => (query.id === undefined || c.id === query.id) && (query.type === undefined || c.type === query.type))
        .filter((c) => !query.status?.length || query.status.includes(c.status))
        .filter((c) => inCreatedRange(c.createdAt, query.createdAt))
        .map(couponJson),
  ),
  route(
    { sdk: 'v1.coupons.archiveCoupon', method: 'post', path: '/api/v1/coupons/{id}/archive', summary: 'Archive a coupon (it can no longer be applied)', data: couponData },
    ({ env, nowMs, params }) => couponJson(archiveCoupon(env, nowMs, params.id)),
  ),
  route(
    {
      sdk: 'v1.coupons.updateCoupon',
      method: 'patch',
      path: '/api/v1/coupons/{id}',
      summary: "Update a coupon's name, description and metadata",
      body: z.object({ name: z.string().min(1).optional(), description: z.string().nullable().optional(), metadata: metadataSchema.nullable().optional() }),
      data: couponData,
    },
    ({ env, nowMs, params, body }) => couponJson(updateCoupon(env, nowMs, params.id, body)),
  ),
];
