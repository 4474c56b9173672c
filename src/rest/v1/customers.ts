/**
 * `/api/v1/customers`: customers, their payment method, promotional entitlements and integrations,
 * over the customer services the GraphQL resolvers call.
 */
import { z } from 'zod';
import type { CustomerRow } from '../../db/repositories/customers.js';
import { getCustomer } from '../../customers/customer-service.js';
import { route, type RestMethodDeclaration } from '../route.js';

/** A customer as the REST API answers it (`CustomerResponse.Data`). */
export const customerData = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  billingId: z.string().nullable(),
  billingCurrency: z.string().nullable().optional(),
  couponId: z.string().nullable(),
  language: z.string().nullable().optional(),
  timezone: z.string().nullable().optional(),
  metadata: z.record(z.string(), z.string()),
  defaultPaymentMethod: z
    .object({
      billingId: z.string().nullable(),
      cardExpiryMonth: z.number().nullable(),
      cardExpiryYear: z.number().nullable(),
      cardLast4Digits: z.string().nullable(),
      type: z.enum(['CARD', 'BANK', 'CASH_APP']),
    })
    .nullable(),
  integrations: z.array(z.object({ id: z.string(), syncedEntityId: z.string().nullable(), vendorIdentifier: z.string() })),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export function customerJson(row: CustomerRow): z.input<typeof customerData> {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    billingId: row.billingId,
    couponId: row.couponId,
    metadata: row.metadata,
    defaultPaymentMethod: null,
    integrations: [],
    archivedAt: row.archivedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export const customerRoutes: RestMethodDeclaration[] = [
  route(
    { sdk: 'v1.customers.retrieve', method: 'get', path: '/api/v1/customers/{id}', summary: 'Retrieve a customer', data: customerData },
    ({ env, params }) => customerJson(getCustomer(env, params.id)),
  ),
];
