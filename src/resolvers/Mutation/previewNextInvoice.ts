import { previewNextInvoice as preview } from '../../pricing/estimate-service.js';
import type { Resolver } from '../context.js';
import { invoicePreview } from '../shared/preview.js';

/** previewNextInvoice: the subscription's next invoice. */
export const previewNextInvoice: Resolver<unknown, { input: { subscriptionId: string } }> = (_parent, { input }, ctx) =>
  invoicePreview(preview(ctx.env, ctx.nowMs, input.subscriptionId));
