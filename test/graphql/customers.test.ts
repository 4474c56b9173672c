import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { codeOf, gql, newEnvironment, START, testEmulator } from '../support/emulator.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'catalog.yaml');

const CUSTOMER_FIELDS = `id customerId refId name email createdAt updatedAt billingId additionalMetaData hasActiveSubscription
  totalActiveSubscription hasPaymentMethod coupon { refId } subscriptions { id status plan { refId } } trialedPlans { planRefId }`;

const PROVISION = `mutation ProvisionCustomer($input: ProvisionCustomerInput!) {
  provisionCustomer(input: $input) {
    customer { ${CUSTOMER_FIELDS} }
    subscriptionDecisionStrategy
    subscription { id status trialEndDate plan { refId } }
  }
}`;
const GET = `query GetCustomerById($input: GetCustomerByRefIdInput!) { getCustomerByRefId(input: $input) { ${CUSTOMER_FIELDS} } }`;
const UPDATE = `mutation UpdateCustomer($input: UpdateCustomerInput!) { updateCustomer: updateOneCustomer(input: $input) { id name email additionalMetaData coupon { refId } } }`;
const ARCHIVE = `mutation ArchiveCustomer($input: ArchiveCustomerInput!) { archiveCustomer(input: $input) { customerId } }`;
const UNARCHIVE = `mutation UnarchiveCustomer($input: UnarchiveCustomerInput!) { unarchiveCustomer(input: $input) { id name email } }`;
const IMPORT = `mutation ImportCustomer($input: ImportCustomerInput!) { importCustomer: importOneCustomer(input: $input) { id name email updatedAt } }`;
const IMPORT_BULK = `mutation ImportCustomerBulk($input: ImportCustomerBulkInput!) { importCustomersBulk(input: $input) }`;

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator({ fixtures: [FIXTURES] });
});
afterAll(() => emu.close());

describe('provisionCustomer', () => {
  it('E1: creates a customer without a subscription when no subscriptionParams are given', async () => {
    const { serverKey } = newEnvironment();
    const res = await gql(emu, serverKey, PROVISION, {
      input: { customerId: 'customer-1', name: 'Ada', email: 'ada@example.test', additionalMetaData: { plan: 'x', n: 3 } },
    });
    expect(res.errors).toBeUndefined();
    const p = res.data!.provisionCustomer;
    expect(p.subscriptionDecisionStrategy).toBe('SKIPPED_SUBSCRIPTION_CREATION');
    expect(p.subscription).toBeNull();
    expect(p.customer).toMatchObject({
      id: 'customer-1',
      customerId: 'customer-1',
      refId: 'customer-1',
      name: 'Ada',
      email: 'ada@example.test',
      additionalMetaData: { plan: 'x', n: '3' },
      hasActiveSubscription: false,
      totalActiveSubscription: 0,
      subscriptions: [],
    });
    expect(Date.parse(p.customer.createdAt)).toBeGreaterThanOrEqual(START.getTime());
    expect(Date.parse(p.customer.createdAt)).toBeLessThan(START.getTime() + 60_000);
  });

  it('E5: provisioning an existing id updates the given fields and never duplicates', async () => {
    const { serverKey } = newEnvironment();
    await gql(emu, serverKey, PROVISION, { input: { customerId: 'customer-1', name: 'n1', email: 'a@example.test' } });
    const again = await gql(emu, serverKey, PROVISION, { input: { customerId: 'customer-1', name: 'n2' } });
    expect(again.errors).toBeUndefined();
    expect(again.data!.provisionCustomer.customer).toMatchObject({ name: 'n2', email: 'a@example.test' });
    const got = await gql(emu, serverKey, GET, { input: { customerId: 'customer-1' } });
    expect(got.data!.getCustomerByRefId.name).toBe('n2');
  });

  it('E2: PLAN_SELECTION provisions the requested plan', async () => {
    const { serverKey } = newEnvironment();
    const res = await gql(emu, serverKey, PROVISION, {
      input: { customerId: 'c-plan', subscriptionParams: { planId: 'plan-select-pro', billingPeriod: 'MONTHLY' } },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.provisionCustomer.subscriptionDecisionStrategy).toBe('REQUESTED_PLAN');
    expect(res.data!.provisionCustomer.subscription).toMatchObject({ status: 'ACTIVE', plan: { refId: 'plan-select-pro' } });
    expect(res.data!.provisionCustomer.customer.hasActiveSubscription).toBe(true);
  });

  it('E3: FREE_PLAN provisions the start plan whatever plan is requested', async () => {
    const { serverKey } = newEnvironment();
    const res = await gql(emu, serverKey, PROVISION, { input: { customerId: 'c-free', subscriptionParams: { planId: 'plan-free-start-pro' } } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.provisionCustomer.subscriptionDecisionStrategy).toBe('PREDEFINED_FREE_PLAN');
    expect(res.data!.provisionCustomer.subscription.plan.refId).toBe('plan-free-start-free');
  });

  it('E4: TRIAL_PERIOD starts a trial of the start plan ending 14 days later', async () => {
    const { id, serverKey } = newEnvironment();
    const res = await gql(emu, serverKey, PROVISION, { input: { customerId: 'c-trial', subscriptionParams: { planId: 'plan-trial-start-pro' } } });
    expect(res.errors).toBeUndefined();
    const p = res.data!.provisionCustomer;
    expect(p.subscriptionDecisionStrategy).toBe('PREDEFINED_TRIAL_PLAN');
    expect(p.subscription.status).toBe('IN_TRIAL');
    const now = emu.registry.get(id).nowMs();
    expect(Date.parse(p.subscription.trialEndDate) - now).toBeGreaterThan(14 * 86_400_000 - 60_000);
    expect(Date.parse(p.subscription.trialEndDate) - now).toBeLessThanOrEqual(14 * 86_400_000);
    expect(p.customer.trialedPlans).toEqual([{ planRefId: 'plan-trial-start-pro' }]);
  });

  it('answers PlanNotFound and BillingPeriodMissingError, writing nothing', async () => {
    const { serverKey } = newEnvironment();
    const unknown = await gql(emu, serverKey, PROVISION, { input: { customerId: 'c-x', subscriptionParams: { planId: 'plan-nope' } } });
    expect(codeOf(unknown)).toBe('PlanNotFound');
    const missing = await gql(emu, serverKey, PROVISION, { input: { customerId: 'c-x', subscriptionParams: { planId: 'plan-select-pro' } } });
    expect(codeOf(missing)).toBe('BillingPeriodMissingError');
    const got = await gql(emu, serverKey, GET, { input: { customerId: 'c-x' } });
    expect(codeOf(got)).toBe('CustomerNotFound');
  });

  it('answers BadUserInput for a trial end that is not a date, writing nothing', async () => {
    const { serverKey } = newEnvironment();
    const input = {
      customerId: 'c-bad-trial',
      subscriptionParams: { planId: 'plan-trial-start-pro', trialOverrideConfiguration: { isTrial: true, trialEndDate: 'soon' } },
    };
    expect(codeOf(await gql(emu, serverKey, PROVISION, { input }))).toBe('BadUserInput');
    expect(codeOf(await gql(emu, serverKey, GET, { input: { customerId: 'c-bad-trial' } }))).toBe('CustomerNotFound');
  });

  it('E6: rejects ids that break the pattern or exceed 255 characters', async () => {
    const { serverKey } = newEnvironment();
    for (const id of ['-starts-with-dash', 'has space', 'slash/inside', 'x'.repeat(256), '']) {
      const res = await gql(emu, serverKey, PROVISION, { input: { customerId: id } });
      expect(codeOf(res), id).toBe('BadUserInput');
    }
    const ok = await gql(emu, serverKey, PROVISION, { input: { customerId: 'a.b@c|d_e-f' } });
    expect(ok.errors).toBeUndefined();
  });

  it('rejects an unknown coupon and a malformed email', async () => {
    const { serverKey } = newEnvironment();
    expect(codeOf(await gql(emu, serverKey, PROVISION, { input: { customerId: 'c1', couponRefId: 'coupon-nope' } }))).toBe('CouponNotFound');
    expect(codeOf(await gql(emu, serverKey, PROVISION, { input: { customerId: 'c1', email: 'not-an-email' } }))).toBe('BadUserInput');
    const ok = await gql(emu, serverKey, PROVISION, { input: { customerId: 'c1', couponRefId: 'coupon-half' } });
    expect(ok.data!.provisionCustomer.customer.coupon).toEqual({ refId: 'coupon-half' });
  });
});

describe('getCustomerByRefId and updateOneCustomer', () => {
  it('reads a seeded customer', async () => {
    const { serverKey } = newEnvironment();
    const res = await gql(emu, serverKey, GET, { input: { customerId: 'customer-seeded' } });
    expect(res.data!.getCustomerByRefId).toMatchObject({ name: 'Seeded', email: 'seeded@example.test', additionalMetaData: { tier: 'gold' } });
  });

  it('answers CustomerNotFound for an unknown id', async () => {
    const { serverKey } = newEnvironment();
    const res = await gql(emu, serverKey, GET, { input: { customerId: 'nobody' } });
    expect(res.status).toBe(200);
    expect(codeOf(res)).toBe('CustomerNotFound');
    expect(res.errors![0]!.path).toEqual(['getCustomerByRefId']);
  });

  it('updates only the fields given', async () => {
    const { serverKey } = newEnvironment();
    const res = await gql(emu, serverKey, UPDATE, { input: { customerId: 'customer-seeded', email: 'new@example.test', couponRefId: 'coupon-half' } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateCustomer).toMatchObject({ name: 'Seeded', email: 'new@example.test', additionalMetaData: { tier: 'gold' }, coupon: { refId: 'coupon-half' } });
    expect(codeOf(await gql(emu, serverKey, UPDATE, { input: { customerId: 'nobody', name: 'x' } }))).toBe('CustomerNotFound');
  });
});

describe('archive and unarchive', () => {
  it('E7/E9/E10: archiving nullifies PII and cancels subscriptions; unarchiving does not restore PII', async () => {
    const { serverKey } = newEnvironment();
    await gql(emu, serverKey, PROVISION, {
      input: { customerId: 'c-arch', name: 'Gone', email: 'gone@example.test', subscriptionParams: { planId: 'plan-select-free' } },
    });
    const archived = await gql(emu, serverKey, ARCHIVE, { input: { customerId: 'c-arch' } });
    expect(archived.data!.archiveCustomer).toEqual({ customerId: 'c-arch' });
    expect(codeOf(await gql(emu, serverKey, GET, { input: { customerId: 'c-arch' } }))).toBe('CustomerNotFound');
    expect(codeOf(await gql(emu, serverKey, ARCHIVE, { input: { customerId: 'c-arch' } }))).toBe('CustomerNotFound');
    expect(codeOf(await gql(emu, serverKey, PROVISION, { input: { customerId: 'c-arch' } }))).toBe('EntityIsArchivedError');

    const back = await gql(emu, serverKey, UNARCHIVE, { input: { customerId: 'c-arch' } });
    expect(back.data!.unarchiveCustomer).toEqual({ id: 'c-arch', name: null, email: null });
    const got = await gql(emu, serverKey, GET, { input: { customerId: 'c-arch' } });
    expect(got.data!.getCustomerByRefId.subscriptions).toEqual([{ id: expect.any(String), status: 'CANCELED', plan: { refId: 'plan-select-free' } }]);
    expect(got.data!.getCustomerByRefId.hasActiveSubscription).toBe(false);
    expect(codeOf(await gql(emu, serverKey, UNARCHIVE, { input: { customerId: 'c-arch' } }))).toBe('BadUserInput');
    expect(codeOf(await gql(emu, serverKey, UNARCHIVE, { input: { customerId: 'nobody' } }))).toBe('CustomerNotFound');
  });
});

describe('imports', () => {
  it('importOneCustomer creates and updates', async () => {
    const { serverKey } = newEnvironment();
    const res = await gql(emu, serverKey, IMPORT, { input: { customerId: 'c-imp', name: 'Imp', email: 'imp@example.test' } });
    expect(res.data!.importCustomer).toMatchObject({ id: 'c-imp', name: 'Imp' });
  });

  it('E11: a bulk entry older than the stored customer is skipped; the rest is imported', async () => {
    const { serverKey } = newEnvironment();
    await gql(emu, serverKey, IMPORT, { input: { customerId: 'c-old', name: 'Current', updatedAt: '2025-01-01T00:00:00Z' } });
    const res = await gql(emu, serverKey, IMPORT_BULK, {
      input: {
        customers: [
          { customerId: 'c-old', name: 'Stale', updatedAt: '2024-06-01T00:00:00Z' },
          { customerId: 'c-new', name: 'New' },
        ],
      },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.importCustomersBulk).toBe('imported 1 customer(s), skipped 1');
    expect((await gql(emu, serverKey, GET, { input: { customerId: 'c-old' } })).data!.getCustomerByRefId.name).toBe('Current');
    expect((await gql(emu, serverKey, GET, { input: { customerId: 'c-new' } })).data!.getCustomerByRefId.name).toBe('New');
  });

  it('a bulk import with one bad entry imports nothing', async () => {
    const { serverKey } = newEnvironment();
    const res = await gql(emu, serverKey, IMPORT_BULK, { input: { customers: [{ customerId: 'c-good' }, { customerId: 'bad id' }] } });
    expect(codeOf(res)).toBe('BadUserInput');
    expect(codeOf(await gql(emu, serverKey, GET, { input: { customerId: 'c-good' } }))).toBe('CustomerNotFound');
    const dup = await gql(emu, serverKey, IMPORT_BULK, { input: { customers: [{ customerId: 'c-d' }, { customerId: 'c-d' }] } });
    expect(codeOf(dup)).toBe('DuplicatedEntityNotAllowed');
  });
});

describe('customers (the list query GraphiQL opens on)', () => {
  const LIST = `query Customers($filter: CustomerFilter, $paging: CursorPaging, $sorting: [CustomerSort!]) {
    customers(filter: $filter, paging: $paging, sorting: $sorting) { totalCount pageInfo { hasNextPage endCursor } edges { node { customerId name email } } }
  }`;
  it('lists the environment customers, archived ones left out; filters, sorts and pages like the other list queries', async () => {
    const { serverKey } = newEnvironment();
    for (const [id, name] of [['c-a', 'Ada'], ['c-b', 'Bob'], ['c-c', 'Cy']]) expect((await gql(emu, serverKey, PROVISION, { input: { customerId: id, name, email: `${id}@x.test` } })).errors).toBeUndefined();
    expect((await gql(emu, serverKey, ARCHIVE, { input: { customerId: 'c-c' } })).errors).toBeUndefined();

    const all = await gql(emu, serverKey, LIST, { sorting: [{ field: 'customerId', direction: 'ASC' }] });
    expect(all.errors).toBeUndefined();
    const ids = all.data!.customers.edges.map((e: { node: { customerId: string } }) => e.node.customerId) as string[];
    expect(ids).toContain('c-a');
    expect(ids).toContain('c-b');
    expect(ids).not.toContain('c-c');
    expect(ids).toEqual([...ids].sort());
    expect(all.data!.customers.totalCount).toBe(ids.length);

    const named = await gql(emu, serverKey, LIST, { filter: { name: { eq: 'Bob' } } });
    expect(named.data!.customers.edges).toEqual([{ node: { customerId: 'c-b', name: 'Bob', email: 'c-b@x.test' } }]);
    const searched = await gql(emu, serverKey, LIST, { filter: { searchQuery: { iLike: '%ada%' } } });
    expect(searched.data!.customers.edges.map((e: { node: { customerId: string } }) => e.node.customerId)).toEqual(['c-a']);

    const first = await gql(emu, serverKey, LIST, { paging: { first: 1 }, sorting: [{ field: 'customerId', direction: 'ASC' }] });
    expect(first.data!.customers.edges).toHaveLength(1);
    expect(first.data!.customers.pageInfo.hasNextPage).toBe(true);
    const next = await gql(emu, serverKey, LIST, { paging: { first: 1, after: first.data!.customers.pageInfo.endCursor }, sorting: [{ field: 'customerId', direction: 'ASC' }] });
    expect(next.data!.customers.edges[0].node.customerId).toBe(ids[1]);
  });
});
