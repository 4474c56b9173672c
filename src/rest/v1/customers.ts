/**
 * `/api/v1/customers`: customers and their payment method, over the customer services the GraphQL
 * resolvers call (provisionCustomer, updateOneCustomer, customers, archiveCustomer,
 * unarchiveCustomer, importCustomersBulk, detachCustomerPaymentMethod). Entitlements, promotional
 * entitlements and resources are in customers-entitlements.ts.
 *
 * The REST customer's billingCurrency, language, timezone, passthrough and default payment method
 * are parts of the customer's billing information (GraphQL `CustomerBillingInfo`): written into it,
 * read from it. Billing-provider integrations, invoices and contracts are not emulated (501).
 */
import { z } from 'zod';
import { archiveCustomer, getCustomer, importCustomersBulk, unarchiveCustomer, updateCustomer, type CustomerFields } from '../../customers/customer-service.js';
import { billingInfoField, defaultPaymentMethodOf } from '../../customers/customer-rules.js';
import { customerConnection } from '../../customers/customer-queries.js';
import type { CustomerRow } from '../../db/repositories/customers.js';
import { EmulatorError } from '../../errors.js';
import { attachPaymentMethod, detachPaymentMethod } from '../../subscriptions/checkout.js';
import { provisionCustomer } from '../../subscriptions/customer-provisioning.js';
import { instant, listRoute, notSupported, route, type RestMethodDeclaration } from '../route.js';
import { BILLING_CURRENCIES } from './currencies.js';
import { createdAtFilter } from './created-at.js';

// ------------------------------------------------------------------ shapes shared with the SDKs' types

export const billingCurrency = z.enum(BILLING_CURRENCIES);
export const paymentMethodType = z.enum(['CARD', 'BANK', 'CASH_APP']);
export const vendorIdentifier = z.enum([
  'AUTH0',
  'ZUORA',
  'STRIPE',
  'HUBSPOT',
  'AWS_MARKETPLACE',
  'SNOWFLAKE',
  'SALESFORCE',
  'BIG_QUERY',
  'OPEN_FGA',
  'APP_STORE',
  'RECEIVED',
  'PREQUEL',
  'AIRWALLEX',
  'STRIPE_INVOICING',
]);

const paymentMethod = z.object({
  billingId: z.string().nullable(),
  cardExpiryMonth: z.number().nullable(),
  cardExpiryYear: z.number().nullable(),
  cardLast4Digits: z.string().nullable(),
  type: paymentMethodType,
});

const integration = z.object({ id: z.string(), syncedEntityId: z.string().nullable(), vendorIdentifier });

/** A customer as the REST API answers it (`CustomerResponse.Data`). */
export const customerData = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  billingId: z.string().nullable(),
  billingCurrency: billingCurrency.nullable(),
  couponId: z.string().nullable(),
  language: z.string().nullable(),
  timezone: z.string().nullable(),
  metadata: z.record(z.string(), z.string()),
  defaultPaymentMethod: paymentMethod.nullable(),
  integrations: z.array(integration),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export function customerJson(row: CustomerRow): z.input<typeof customerData> {
  const currency = billingInfoField(row, 'currency')?.toLowerCase();
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    billingId: row.billingId,
    billingCurrency: currency && (BILLING_CURRENCIES as readonly string[]).includes(currency) ? (currency as (typeof BILLING_CURRENCIES)[number]) : null,
    couponId: row.couponId,
    language: billingInfoField(row, 'language'),
    timezone: billingInfoField(row, 'timezone'),
    metadata: row.metadata,
    defaultPaymentMethod: defaultPaymentMethodOf(row),
    integrations: [],
    archivedAt: row.archivedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

// ------------------------------------------------------------------ bodies

const address = z.object({
  city: z.string().optional(),
  country: z.string().optional(),
  line1: z.string().optional(),
  line2: z.string().optional(),
  postalCode: z.string().optional(),
  state: z.string().optional(),
});
const stringMap = z.record(z.string(), z.string());

const passthrough = z.object({
  stripe: z
    .object({
      billingAddress: address.optional(),
      customerName: z.string().optional(),
      invoiceCustomFields: stringMap.optional(),
      metadata: stringMap.optional(),
      paymentMethodId: z.string().optional(),
      shippingAddress: address.optional(),
      taxIds: z.array(z.object({ type: z.string(), value: z.string() })).optional(),
    })
    .optional(),
  zuora: z
    .object({
      billingAddress: address.optional(),
      currency: billingCurrency.optional(),
      metadata: stringMap.optional(),
      paymentMethodId: z.string().optional(),
    })
    .optional(),
});

const customerFieldsShape = {
  name: z.string().max(255).nullable().optional(),
  email: z.string().max(255).nullable().optional(),
  billingId: z.string().nullable().optional(),
  billingCurrency: billingCurrency.nullable().optional(),
  couponId: z.string().max(255).nullable().optional(),
  language: z.string().nullable().optional(),
  timezone: z.string().nullable().optional(),
  metadata: stringMap.optional(),
  integrations: z.array(integration).optional(),
  passthrough: passthrough.optional(),
};

const updateBody = z.object(customerFieldsShape);
const provisionBody = z.object({ id: z.string().min(1).max(255), ...customerFieldsShape, defaultPaymentMethod: paymentMethod.nullable().optional() });

const upper = (currency: string | null | undefined) => (currency === undefined ? undefined : currency === null ? null : currency.toUpperCase());

/** The customer fields a REST body sets (its billing information merged into the stored one). */
function customerFieldsOf(body: z.output<typeof provisionBody> | z.output<typeof updateBody>): CustomerFields {
  if (body.integrations && body.integrations.length > 0) {
    throw new EmulatorError('NotSupportedByEmulator', 'integrations are not supported by the emulator: it has no billing-provider or CRM integrations to link customers to', 501, {
      field: 'integrations',
    });
  }
  const { stripe, zuora } = body.passthrough ?? {};
  const billing: Record<string, unknown> = {
    ...zuora,
    ...stripe,
    currency: body.billingCurrency !== undefined ? upper(body.billingCurrency) : upper(zuora?.currency),
    language: body.language,
    timezone: body.timezone,
  };
  if ('defaultPaymentMethod' in body && body.defaultPaymentMethod) {
    billing.defaultPaymentMethod = body.defaultPaymentMethod;
    if (body.defaultPaymentMethod.billingId) billing.paymentMethodId = body.defaultPaymentMethod.billingId;
  }
  const changed = Object.values(billing).some((v) => v !== undefined);
  return {
    name: body.name,
    email: body.email,
    billingId: body.billingId,
    couponRefId: body.couponId === '' ? null : body.couponId,
    additionalMetaData: body.metadata,
    billingInformationPatch: changed ? billing : undefined,
  };
}

// ------------------------------------------------------------------ routes

const importBody = z.object({
  customers: z
    .array(
      z.object({
        id: z.string().min(1).max(255),
        email: z.string().nullable(),
        name: z.string().nullable(),
        billingId: z.string().optional(),
        metadata: stringMap.optional(),
        paymentMethodId: z.string().optional(),
        salesforceId: z.string().optional(),
        updatedAt: instant.optional(),
      }),
    )
    .min(1),
  integrationId: z.string().optional(),
});

const attachBody = z.object({
  integrationId: z.string().min(1),
  paymentMethodId: z.string().min(1),
  vendorIdentifier,
  billingCurrency: billingCurrency.nullable().optional(),
});

const listQuery = z.object({ name: z.string().optional(), email: z.string().optional(), createdAt: createdAtFilter });

const NO_BILLING_PROVIDER = 'the emulator has no billing provider: it keeps no invoices or contracts of a billing system';
const NO_INTEGRATIONS = 'the emulator has no billing-provider or CRM integrations to link customers to';

export const customerRoutes: RestMethodDeclaration[] = [
  route(
    { sdk: 'v1.customers.retrieve', method: 'get', path: '/api/v1/customers/{id}', summary: 'Retrieve a customer', data: customerData },
    ({ env, params }) => customerJson(getCustomer(env, params.id)),
  ),
  route(
    { sdk: 'v1.customers.provision', method: 'post', path: '/api/v1/customers', summary: 'Provision a customer (created, or updated when it exists)', body: provisionBody, data: customerData, status: 201 },
    ({ env, nowMs, body }) => customerJson(provisionCustomer(env, nowMs, { customerId: body.id, ...customerFieldsOf(body) }).customer),
  ),
  route(
    { sdk: 'v1.customers.update', method: 'patch', path: '/api/v1/customers/{id}', summary: 'Update a customer', body: updateBody, data: customerData },
    ({ env, nowMs, params, body }) => customerJson(updateCustomer(env, nowMs, { customerId: params.id, ...customerFieldsOf(body) })),
  ),
  listRoute(
    { sdk: 'v1.customers.list', method: 'get', path: '/api/v1/customers', summary: 'List customers (newest first; archived ones left out)', query: listQuery, data: customerData },
    ({ env, query }) => {
      const filter: Record<string, unknown> = {};
      if (query.name !== undefined) filter.name = { eq: query.name };
      if (query.email !== undefined) filter.email = { eq: query.email };
      if (query.createdAt && Object.keys(query.createdAt).length > 0) filter.createdAt = query.createdAt;
      return customerConnection(env.db, { filter }).edges.map((e) => customerJson(e.node));
    },
  ),
  route(
    { sdk: 'v1.customers.archive', method: 'post', path: '/api/v1/customers/{id}/archive', summary: 'Archive a customer (its subscriptions are cancelled)', data: customerData },
    ({ env, nowMs, params }) => customerJson(archiveCustomer(env, nowMs, params.id)),
  ),
  route(
    { sdk: 'v1.customers.unarchive', method: 'post', path: '/api/v1/customers/{id}/unarchive', summary: 'Unarchive a customer', data: customerData },
    ({ env, nowMs, params }) => customerJson(unarchiveCustomer(env, nowMs, params.id)),
  ),
  route(
    {
      sdk: 'v1.customers.import',
      method: 'post',
      path: '/api/v1/customers/import',
      summary: 'Import customers in bulk (all or nothing; entries older than the stored customer are skipped)',
      body: importBody,
      data: z.object({ newCustomers: z.array(z.string()) }),
    },
    ({ env, nowMs, body }) => ({
      newCustomers: importCustomersBulk(
        env,
        nowMs,
        body.customers.map((c) => ({
          customerId: c.id,
          name: c.name,
          email: c.email,
          billingId: c.billingId,
          salesforceId: c.salesforceId,
          paymentMethodId: c.paymentMethodId,
          additionalMetaData: c.metadata,
          updatedAt: c.updatedAt,
        })),
      ).newCustomers,
    }),
  ),
  route(
    { sdk: 'v1.customers.paymentMethod.attach', method: 'post', path: '/api/v1/customers/{id}/payment-method', summary: "Attach a payment method (the customer's default)", body: attachBody, data: customerData },
    ({ env, nowMs, params, body }) =>
      customerJson(attachPaymentMethod(env, nowMs, params.id, { paymentMethodId: body.paymentMethodId, integrationId: body.integrationId, currency: upper(body.billingCurrency) })),
  ),
  route(
    { sdk: 'v1.customers.paymentMethod.detach', method: 'delete', path: '/api/v1/customers/{id}/payment-method', summary: "Detach the customer's payment method", data: customerData },
    ({ env, nowMs, params }) => customerJson(detachPaymentMethod(env, nowMs, params.id)),
  ),
  notSupported('v1.customers.listInvoices', 'get', '/api/v1/customers/{id}/invoices', NO_BILLING_PROVIDER),
  notSupported('v1.customers.listContracts', 'get', '/api/v1/customers/{id}/contracts', NO_BILLING_PROVIDER),
  notSupported('v1.customers.integrations.list', 'get', '/api/v1/customers/{id}/integrations', NO_INTEGRATIONS),
  notSupported('v1.customers.integrations.link', 'post', '/api/v1/customers/{id}/integrations', NO_INTEGRATIONS),
  notSupported('v1.customers.integrations.retrieve', 'get', '/api/v1/customers/{id}/integrations/{integrationId}', NO_INTEGRATIONS),
  notSupported('v1.customers.integrations.update', 'patch', '/api/v1/customers/{id}/integrations/{integrationId}', NO_INTEGRATIONS),
  notSupported('v1.customers.integrations.unlink', 'delete', '/api/v1/customers/{id}/integrations/{integrationId}', NO_INTEGRATIONS),
];
