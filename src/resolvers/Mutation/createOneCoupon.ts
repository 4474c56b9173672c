import { createCoupon, type CreateCouponInput } from '../../pricing/coupon-service.js';
import type { Resolver } from '../context.js';

/** createOneCoupon (the SDKs' createCoupon). */
export const createOneCoupon: Resolver<unknown, { input: CreateCouponInput }> = (_parent, { input }, ctx) => createCoupon(ctx.env, ctx.nowMs, input);
