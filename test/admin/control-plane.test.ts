import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { codeOf, gql, newEnvironment, rest, START, testEmulator } from '../support/emulator.js';

const PROVISION = `mutation ProvisionCustomer($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { customer { id createdAt } } }`;
const GET = `query GetCustomerById($input: GetCustomerByRefIdInput!) { getCustomerByRefId(input: $input) { id name } }`;

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator();
});
afterAll(() => emu.close());

describe('health, readiness, info', () => {
  it('is live at once and ready only once listening', async () => {
    expect((await rest(emu, 'GET', '/_emulator/health')).status).toBe(200);
    const fresh = testEmulator();
    expect((await rest(fresh, 'GET', '/_emulator/ready')).status).toBe(503);
    await fresh.listen();
    expect((await rest(fresh, 'GET', '/_emulator/ready')).status).toBe(200);
    await fresh.close();
  });

  it('reports version, settings, environments and supported operations', async () => {
    const { serverKey, id } = newEnvironment();
    await gql(emu, serverKey, '{ __typename }');
    const info = await rest(emu, 'GET', '/_emulator/info');
    expect(info.body).toMatchObject({ name: 'stigg-emulator', settings: { startTime: START.toISOString(), strictKeys: false } });
    expect(info.body.environments).toContain(id);
    expect(info.body.supportedOperations.Mutation).toContain('provisionCustomer');
    expect(info.body.supportedOperations.Query).toContain('getCustomerByRefId');
  });
});

describe('environments', () => {
  it('lists environments with their clocks', async () => {
    const { serverKey, id } = newEnvironment();
    await gql(emu, serverKey, '{ __typename }');
    const list = await rest(emu, 'GET', '/_emulator/environments');
    const env = list.body.environments.find((e: { id: string }) => e.id === id);
    expect(env.clock.frozen).toBe(false);
    expect(Date.parse(env.clock.now)).toBeGreaterThanOrEqual(START.getTime());
    expect((await rest(emu, 'GET', '/_emulator/environments/never-used')).status).toBe(404);
  });

  it('reset goes back to the seed and the start time', async () => {
    const { serverKey, id } = newEnvironment();
    await gql(emu, serverKey, PROVISION, { input: { customerId: 'c-reset' } });
    await rest(emu, 'POST', `/_emulator/environments/${id}/clock`, { advance: 'P30D' });
    const res = await rest(emu, 'POST', `/_emulator/environments/${id}/reset`);
    expect(res.status).toBe(200);
    expect(Date.parse(res.body.clock.now) - START.getTime()).toBeLessThan(60_000);
    expect(codeOf(await gql(emu, serverKey, GET, { input: { customerId: 'c-reset' } }))).toBe('CustomerNotFound');
  });

  it('loads more fixtures into a running environment, all or nothing', async () => {
    const { serverKey, id } = newEnvironment();
    const bad = await rest(emu, 'POST', `/_emulator/environments/${id}/fixtures`, 'customers:\n  - id: c-new\n  - id: "bad id"\n', { 'content-type': 'application/yaml' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('body: customers.1.id');
    expect(codeOf(await gql(emu, serverKey, GET, { input: { customerId: 'c-new' } }))).toBe('CustomerNotFound');
    const ok = await rest(emu, 'POST', `/_emulator/environments/${id}/fixtures`, { customers: [{ id: 'c-new', name: 'New' }] });
    expect(ok.status).toBe(200);
    expect(ok.body.loaded.customers).toBe(1);
    expect((await gql(emu, serverKey, GET, { input: { customerId: 'c-new' } })).data!.getCustomerByRefId.name).toBe('New');
  });
});

describe('the clock', () => {
  it('starts at --start-time and runs at real speed', async () => {
    const { id } = newEnvironment();
    const a = await rest(emu, 'GET', `/_emulator/environments/${id}/clock`);
    await new Promise((r) => setTimeout(r, 30));
    const b = await rest(emu, 'GET', `/_emulator/environments/${id}/clock`);
    expect(Date.parse(a.body.now)).toBeGreaterThanOrEqual(START.getTime());
    expect(Date.parse(b.body.now)).toBeGreaterThan(Date.parse(a.body.now));
  });

  it('moves to an instant, advances by ISO durations and milliseconds, freezes, and refuses to go back', async () => {
    const { id, serverKey } = newEnvironment();
    const path = `/_emulator/environments/${id}/clock`;
    const frozen = await rest(emu, 'POST', path, { to: '2025-03-01T00:00:00Z', frozen: true });
    expect(frozen.body).toMatchObject({ now: '2025-03-01T00:00:00.000Z', frozen: true });
    // the demo seed's three paid subscriptions renewed on 1 February and on 1 March
    expect(frozen.body.applied.map((a: { at: string; type: string }) => `${a.at} ${a.type}`)).toEqual([
      ...Array(3).fill('2025-02-01T00:00:00.000Z subscription.renewed'),
      ...Array(3).fill('2025-03-01T00:00:00.000Z subscription.renewed'),
    ]);
    expect((await rest(emu, 'POST', path, { advance: 'P14D' })).body.now).toBe('2025-03-15T00:00:00.000Z');
    expect((await rest(emu, 'POST', path, { advance: 'P1M' })).body.now).toBe('2025-04-15T00:00:00.000Z');
    expect((await rest(emu, 'POST', path, { advance: 3_600_000 })).body.now).toBe('2025-04-15T01:00:00.000Z');
    expect((await rest(emu, 'POST', path, { advance: 'PT30M' })).body.now).toBe('2025-04-15T01:30:00.000Z');

    const back = await rest(emu, 'POST', path, { to: '2025-01-01T00:00:00Z' });
    expect(back.status).toBe(400);
    expect(back.body.error.code).toBe('InvalidClockMove');
    expect((await rest(emu, 'POST', path, { advance: 'soon' })).status).toBe(400);
    expect((await rest(emu, 'POST', path, { to: 'not a date' })).status).toBe(400);
    expect((await rest(emu, 'POST', path, '{"to":')).status).toBe(400);
    expect((await rest(emu, 'POST', path, { to: '2025-05-01T00:00:00Z', advance: 'P1D' })).status).toBe(400);
    expect((await rest(emu, 'GET', path)).body.now).toBe('2025-04-15T01:30:00.000Z');

    // every rule reads time from the clock: a new customer is created "now"
    const created = await gql(emu, serverKey, PROVISION, { input: { customerId: 'c-time' } });
    expect(created.data!.provisionCustomer.customer.createdAt).toBe('2025-04-15T01:30:00.000Z');

    const running = await rest(emu, 'POST', path, { frozen: false });
    expect(running.body.frozen).toBe(false);
  });

  it('a refused move leaves the clock as it was (not frozen half-way)', async () => {
    const { id } = newEnvironment();
    const path = `/_emulator/environments/${id}/clock`;
    await rest(emu, 'POST', path, { to: '2025-03-01T00:00:00Z' });
    expect((await rest(emu, 'POST', path, { to: '2025-01-01T00:00:00Z', frozen: true })).status).toBe(400);
    expect((await rest(emu, 'POST', path, { to: 'not a date', frozen: true })).status).toBe(400);
    expect((await rest(emu, 'GET', path)).body.frozen).toBe(false);
  });
});
