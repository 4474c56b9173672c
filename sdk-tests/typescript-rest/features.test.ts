import { describe, expect, it } from 'vitest';
import { webhookProblems } from '../../test/support/webhook-catalog.js';
import { Stigg, useEmulator, type RestEnv } from './harness.js';

const emulator = useEmulator();

/** The environment's webhook event log (control plane), of one type. */
async function events(env: RestEnv, type: string): Promise<Record<string, any>[]> {
  const res = await fetch(`${emulator.url()}/_emulator/environments/${env.name}/webhooks?type=${encodeURIComponent(type)}`);
  const body = (await res.json()) as { events: { payload: Record<string, any> }[] };
  return body.events.map((e) => e.payload);
}

async function failure<T>(promise: Promise<T>): Promise<any> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
}

/** A new environment whose clock stands still at 2025-01-02T00:00:00Z. */
async function frozenEnv(): Promise<RestEnv> {
  const env = emulator.env();
  await env.fetch('GET', '/api/v1/features/feature-01-templates'); // opens the environment
  const clock = (await env.moveClock({ to: '2025-01-02T00:00:00Z', frozen: true } as never)) as { frozen?: boolean };
  expect(clock.frozen).toBe(true);
  return env;
}

const seats = {
  id: 'feature-team-seats',
  displayName: 'Seats',
  featureType: 'NUMBER' as const,
  meterType: 'INCREMENTAL' as const,
  description: 'Team seats',
  featureUnits: 'seat',
  featureUnitsPlural: 'seats',
  metadata: { team: 'growth' },
  unitTransformation: { divide: 10, round: 'DOWN' as const },
};

describe('v1.features.createFeature', () => {
  it('creates a feature, answers it and records feature.created as its page documents it', async () => {
    const env = await frozenEnv();
    const { data } = await env.stigg.v1.features.createFeature(seats);
    expect(data).toEqual({
      id: 'feature-team-seats',
      displayName: 'Seats',
      description: 'Team seats',
      featureType: 'NUMBER',
      meterType: 'INCREMENTAL',
      featureStatus: 'ACTIVE',
      featureUnits: 'seat',
      featureUnitsPlural: 'seats',
      enumConfiguration: null,
      metadata: { team: 'growth' },
      meter: null,
      unitTransformation: { divide: 10, round: 'DOWN', featureUnits: null, featureUnitsPlural: null },
      createdAt: '2025-01-02T00:00:00.000Z',
      updatedAt: '2025-01-02T00:00:00.000Z',
    });
    const [event] = await events(env, 'feature.created');
    expect(event).toMatchObject({ type: 'feature.created', id: 'feature-team-seats', name: 'Seats', description: 'Team seats', unit: 'seat', units: 'seats', featureType: 'NUMBER', meterType: 'INCREMENTAL', status: 'ACTIVE' });
    expect(webhookProblems(event!)).toEqual([]);
  });

  it('creates an ENUM feature with its values, unmetered by default', async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.features.createFeature({
      id: 'feature-region',
      displayName: 'Region',
      featureType: 'ENUM',
      enumConfiguration: [
        { value: 'eu', displayName: 'Europe' },
        { value: 'us', displayName: 'United States' },
      ],
    });
    expect(data).toMatchObject({ featureType: 'ENUM', meterType: 'None', enumConfiguration: [{ value: 'eu', displayName: 'Europe' }, { value: 'us', displayName: 'United States' }], description: null, metadata: {} });
  });

  it('is visible through GraphQL at once (a promotional grant and the entitlement read)', async () => {
    const env = emulator.env();
    await env.stigg.v1.features.createFeature({ id: 'feature-beta', displayName: 'Beta access', featureType: 'BOOLEAN' });
    const provisioned = await env.graphql('mutation($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { customer { customerId } } }', { input: { customerId: 'cus-beta' } });
    expect(provisioned.errors).toBeUndefined();
    const granted = await env.graphql('mutation($input: GrantPromotionalEntitlementsInput!) { grantPromotionalEntitlements(input: $input) { status } }', {
      input: { customerId: 'cus-beta', promotionalEntitlements: [{ featureId: 'feature-beta', period: 'ONE_MONTH' }] },
    });
    expect(granted.errors).toBeUndefined();
    const read = await env.graphql('query($query: FetchEntitlementQuery!) { entitlement(query: $query) { isGranted feature { refId displayName featureType featureStatus } } }', {
      query: { customerId: 'cus-beta', featureId: 'feature-beta' },
    });
    expect(read.errors).toBeUndefined();
    expect(read.data.entitlement).toEqual({ isGranted: true, feature: { refId: 'feature-beta', displayName: 'Beta access', featureType: 'BOOLEAN', featureStatus: 'ACTIVE' } });
  });

  it('throws ConflictError for an id that exists (a seeded feature)', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.features.createFeature({ id: 'feature-01-templates', displayName: 'Again', featureType: 'BOOLEAN' }));
    expect(error).toBeInstanceOf(Stigg.ConflictError);
    expect(error.error).toMatchObject({ error: { code: 'DuplicatedEntityNotAllowed' } });
  });

  it('throws BadRequestError listing every field problem', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.features.createFeature({ id: '', featureType: 'NUMBERS' } as never));
    expect(error).toBeInstanceOf(Stigg.BadRequestError);
    expect(error.error.error.code).toBe('BadUserInput');
    expect(error.error.error.message).toContain('body.id');
    expect(error.error.error.message).toContain('body.displayName');
    expect(error.error.error.message).toContain('body.featureType');
  });

  it('throws UnprocessableEntityError for a metered BOOLEAN feature', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.features.createFeature({ id: 'feature-flag', displayName: 'Flag', featureType: 'BOOLEAN', meterType: 'INCREMENTAL' }));
    expect(error).toBeInstanceOf(Stigg.UnprocessableEntityError);
    expect(error.error).toMatchObject({ error: { code: 'MeteringNotAvailableForFeatureType' } });
    expect(await events(env, 'feature.created')).toEqual([]);
  });
});

describe('v1.features.retrieveFeature', () => {
  it('answers a seeded feature', async () => {
    const env = emulator.env();
    const { data } = await env.stigg.v1.features.retrieveFeature('feature-02-campaigns');
    expect(data).toMatchObject({ id: 'feature-02-campaigns', displayName: 'Campaigns', featureType: 'NUMBER', meterType: 'INCREMENTAL', featureUnits: 'campaign', featureUnitsPlural: 'campaigns', featureStatus: 'ACTIVE' });
  });

  it('throws NotFoundError for an unknown id', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.features.retrieveFeature('feature-nope'));
    expect(error).toBeInstanceOf(Stigg.NotFoundError);
    expect(error.error).toMatchObject({ error: { code: 'FeatureNotFound' } });
  });
});

describe('v1.features.listFeatures', () => {
  it('lists newest first, filters and pages', async () => {
    const env = emulator.env();
    await env.moveClock({ advance: 'P1D' });
    await env.stigg.v1.features.createFeature({ id: 'feature-new', displayName: 'New', featureType: 'BOOLEAN' });
    const first = await env.stigg.v1.features.listFeatures({ limit: 2 });
    expect(first.data.map((f) => f.id)[0]).toBe('feature-new');
    expect(first.data).toHaveLength(2);
    expect(first.hasNextPage()).toBe(true);
    const all: string[] = [];
    for await (const f of env.stigg.v1.features.listFeatures({ limit: 3 })) all.push(f.id);
    expect(all).toContain('feature-01-templates');
    expect(new Set(all).size).toBe(all.length);
    const metered = await env.stigg.v1.features.listFeatures({ meterType: ['INCREMENTAL'], limit: 100 });
    expect(metered.data.length).toBeGreaterThan(0);
    expect(metered.data.every((f) => f.meterType === 'INCREMENTAL')).toBe(true);
    const recent = await env.stigg.v1.features.listFeatures({ createdAt: { gt: '2025-01-01T12:00:00Z' } });
    expect(recent.data.map((f) => f.id)).toEqual(['feature-new']);
    const byId = await env.stigg.v1.features.listFeatures({ id: 'feature-02-campaigns' });
    expect(byId.data.map((f) => f.id)).toEqual(['feature-02-campaigns']);
    expect((await env.stigg.v1.features.listFeatures({ status: ['SUSPENDED'] })).data).toEqual([]);
  });

  it('throws BadRequestError for an unknown filter value', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.features.listFeatures({ featureType: ['TEXT' as never] }));
    expect(error).toBeInstanceOf(Stigg.BadRequestError);
    expect(error.error.error.message).toContain('query.featureType');
  });
});

describe('v1.features.updateFeature', () => {
  it('updates the given fields, keeps the others and records feature.updated', async () => {
    const env = await frozenEnv();
    await env.stigg.v1.features.createFeature(seats);
    await env.moveClock({ advance: 'PT1H' });
    const { data } = await env.stigg.v1.features.updateFeature('feature-team-seats', {
      displayName: 'Team seats',
      metadata: { team: 'core' },
      meter: { aggregation: { function: 'SUM', field: 'count' }, filters: [{ conditions: [{ field: 'kind', operation: 'EQUALS', value: 'seat' }] }] },
    });
    expect((data as { meter?: unknown }).meter).toEqual({ aggregation: { function: 'SUM', field: 'count' }, filters: [{ conditions: [{ field: 'kind', operation: 'EQUALS', value: 'seat' }] }] });
    expect(data).toMatchObject({ id: 'feature-team-seats', displayName: 'Team seats', description: 'Team seats', featureUnits: 'seat', metadata: { team: 'core' }, updatedAt: '2025-01-02T01:00:00.000Z', createdAt: '2025-01-02T00:00:00.000Z' });
    const [event] = await events(env, 'feature.updated');
    expect(event).toMatchObject({ type: 'feature.updated', id: 'feature-team-seats', name: 'Team seats', status: 'ACTIVE' });
    expect(webhookProblems(event!)).toEqual([]);
    const gql = await env.graphql('query { products { edges { node { refId } } } }');
    expect(gql.errors).toBeUndefined();
  });

  it('throws NotFoundError for an unknown id', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.features.updateFeature('feature-nope', { displayName: 'x' }));
    expect(error).toBeInstanceOf(Stigg.NotFoundError);
  });

  it('throws UnprocessableEntityError for a meter on an unmetered feature', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.features.updateFeature('feature-03-custom-domain', { meter: { aggregation: { function: 'COUNT' }, filters: [] } }));
    expect(error).toBeInstanceOf(Stigg.UnprocessableEntityError);
    expect(error.error).toMatchObject({ error: { code: 'MeterMustBeAssociatedToMeteredFeature' } });
  });

  it('throws BadRequestError for an invalid meter', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.features.updateFeature('feature-02-campaigns', { meter: { aggregation: { function: 'SUM' }, filters: [] } }));
    expect(error).toBeInstanceOf(Stigg.BadRequestError);
    expect(error.error.error.message).toContain('body.meter.aggregation.field');
  });
});

describe('v1.features.archiveFeature', () => {
  it('suspends an unused feature, records feature.updated, and GraphQL reads the status', async () => {
    const env = emulator.env();
    await env.stigg.v1.features.createFeature({ id: 'feature-old', displayName: 'Old', featureType: 'BOOLEAN' });
    const { data } = await env.stigg.v1.features.archiveFeature('feature-old');
    expect(data).toMatchObject({ id: 'feature-old', featureStatus: 'SUSPENDED' });
    expect((await env.stigg.v1.features.retrieveFeature('feature-old')).data.featureStatus).toBe('SUSPENDED');
    expect((await env.stigg.v1.features.listFeatures({ status: ['SUSPENDED'] })).data.map((f) => f.id)).toEqual(['feature-old']);
    const updated = await events(env, 'feature.updated');
    expect(updated.map((e) => e.status)).toEqual(['SUSPENDED']);
    expect(webhookProblems(updated[0]!)).toEqual([]);
    // archiving again changes nothing and sends nothing
    expect((await env.stigg.v1.features.archiveFeature('feature-old')).data.featureStatus).toBe('SUSPENDED');
    expect(await events(env, 'feature.updated')).toHaveLength(1);
  });

  it('throws UnprocessableEntityError for a feature a plan uses', async () => {
    const env = emulator.env();
    const error = await failure(env.stigg.v1.features.archiveFeature('feature-01-templates'));
    expect(error).toBeInstanceOf(Stigg.UnprocessableEntityError);
    expect(error.error.error.code).toBe('CannotArchiveFeatureError');
    expect(error.error.error.message).toContain('plan-revvenu');
  });

  it('throws NotFoundError for an unknown id', async () => {
    const env = emulator.env();
    expect(await failure(env.stigg.v1.features.archiveFeature('feature-nope'))).toBeInstanceOf(Stigg.NotFoundError);
  });
});

describe('v1.features.unarchiveFeature', () => {
  it('makes an archived feature ACTIVE again', async () => {
    const env = emulator.env();
    await env.stigg.v1.features.createFeature({ id: 'feature-old', displayName: 'Old', featureType: 'BOOLEAN' });
    await env.stigg.v1.features.archiveFeature('feature-old');
    const { data } = await env.stigg.v1.features.unarchiveFeature('feature-old');
    expect(data).toMatchObject({ id: 'feature-old', featureStatus: 'ACTIVE' });
    expect((await events(env, 'feature.updated')).map((e) => e.status)).toEqual(['SUSPENDED', 'ACTIVE']);
  });

  it('throws NotFoundError for an unknown id', async () => {
    const env = emulator.env();
    expect(await failure(env.stigg.v1.features.unarchiveFeature('feature-nope'))).toBeInstanceOf(Stigg.NotFoundError);
  });
});

describe('v1.contracts (not supported)', () => {
  it('answers 501 NotSupportedByEmulator naming the operation for each method', async () => {
    const env = emulator.env();
    const calls: [string, string, string, unknown?][] = [
      ['v1.contracts.create', 'POST', '/api/v1/contracts', { customerId: 'c', subscriptions: [] }],
      ['v1.contracts.retrieve', 'GET', '/api/v1/contracts/k1'],
      ['v1.contracts.update', 'PATCH', '/api/v1/contracts/k1', {}],
      ['v1.contracts.list', 'GET', '/api/v1/contracts'],
      ['v1.contracts.delete', 'POST', '/api/v1/contracts/k1/archive'],
    ];
    for (const [operation, method, path, body] of calls) {
      const res = await env.fetch(method, path, body);
      expect(res.status, operation).toBe(501);
      expect(res.body.error.code).toBe('NotSupportedByEmulator');
      expect(res.body.error.message).toContain(operation);
      expect(res.body.error.message).toContain('billing');
    }
    const error = await failure(env.stigg.v1.contracts.retrieve('k1'));
    expect(error).toBeInstanceOf(Stigg.APIError);
    expect(error.status).toBe(501);
  });
});
