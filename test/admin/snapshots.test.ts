import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { codeOf, gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';

const PROVISION = `mutation ProvisionCustomer($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { customer { id } } }`;
const UPDATE = `mutation UpdateCustomer($input: UpdateCustomerInput!) { updateCustomer: updateOneCustomer(input: $input) { id name } }`;
const GET = `query GetCustomerById($input: GetCustomerByRefIdInput!) { getCustomerByRefId(input: $input) { id name } }`;

async function story(emu: Emulator, id: string, serverKey: string) {
  const base = `/_emulator/environments/${id}`;
  await rest(emu, 'POST', `${base}/clock`, { to: '2025-02-01T00:00:00Z', frozen: true });
  await gql(emu, serverKey, PROVISION, { input: { customerId: 'c-snap', name: 'Before' } });
  const taken = await rest(emu, 'POST', `${base}/snapshots`, { name: 'before-rename' });
  expect(taken.status).toBe(201);
  expect(taken.body).toMatchObject({ name: 'before-rename', clock: { now: '2025-02-01T00:00:00.000Z', frozen: true } });

  await rest(emu, 'POST', `${base}/clock`, { advance: 'P10D' });
  await gql(emu, serverKey, UPDATE, { input: { customerId: 'c-snap', name: 'After' } });
  await gql(emu, serverKey, PROVISION, { input: { customerId: 'c-later' } });
  expect((await gql(emu, serverKey, GET, { input: { customerId: 'c-snap' } })).data!.getCustomerByRefId.name).toBe('After');

  const restored = await rest(emu, 'POST', `${base}/snapshots/before-rename/restore`);
  expect(restored.status).toBe(200);
  expect(restored.body.clock).toEqual({ now: '2025-02-01T00:00:00.000Z', frozen: true });
  expect((await gql(emu, serverKey, GET, { input: { customerId: 'c-snap' } })).data!.getCustomerByRefId.name).toBe('Before');
  expect(codeOf(await gql(emu, serverKey, GET, { input: { customerId: 'c-later' } }))).toBe('CustomerNotFound');

  // a snapshot can be restored again, and the environment keeps working after it
  await gql(emu, serverKey, UPDATE, { input: { customerId: 'c-snap', name: 'Again' } });
  await rest(emu, 'POST', `${base}/snapshots/before-rename/restore`);
  expect((await gql(emu, serverKey, GET, { input: { customerId: 'c-snap' } })).data!.getCustomerByRefId.name).toBe('Before');
}

describe('snapshots', () => {
  let emu: Emulator;
  beforeAll(() => {
    emu = testEmulator();
  });
  afterAll(() => emu.close());

  it('take, list, restore (data and clock) and delete', async () => {
    const { id, serverKey } = newEnvironment('snap');
    await story(emu, id, serverKey);
    const list = await rest(emu, 'GET', `/_emulator/environments/${id}/snapshots`);
    expect(list.body.snapshots.map((s: { name: string }) => s.name)).toEqual(['before-rename']);
    expect(list.body.snapshots[0].sizeBytes).toBeGreaterThan(0);
    expect((await rest(emu, 'DELETE', `/_emulator/environments/${id}/snapshots/before-rename`)).status).toBe(200);
    expect((await rest(emu, 'GET', `/_emulator/environments/${id}/snapshots`)).body.snapshots).toEqual([]);
  });

  it('survive a reset, which does not touch them', async () => {
    const { id, serverKey } = newEnvironment('snap');
    await gql(emu, serverKey, PROVISION, { input: { customerId: 'c-kept' } });
    await rest(emu, 'POST', `/_emulator/environments/${id}/snapshots`, { name: 's1' });
    await rest(emu, 'POST', `/_emulator/environments/${id}/reset`);
    expect(codeOf(await gql(emu, serverKey, GET, { input: { customerId: 'c-kept' } }))).toBe('CustomerNotFound');
    await rest(emu, 'POST', `/_emulator/environments/${id}/snapshots/s1/restore`);
    expect((await gql(emu, serverKey, GET, { input: { customerId: 'c-kept' } })).data!.getCustomerByRefId.id).toBe('c-kept');
  });

  it('answers 404 for an unknown snapshot and 400 for a bad name', async () => {
    const { id, serverKey } = newEnvironment('snap');
    await gql(emu, serverKey, '{ __typename }');
    const missing = await rest(emu, 'POST', `/_emulator/environments/${id}/snapshots/nope/restore`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NotFound');
    expect((await rest(emu, 'DELETE', `/_emulator/environments/${id}/snapshots/nope`)).status).toBe(404);
    expect((await rest(emu, 'POST', `/_emulator/environments/${id}/snapshots`, { name: '../bad' })).status).toBe(400);
    expect((await rest(emu, 'POST', `/_emulator/environments/${id}/snapshots`, {})).status).toBe(400);
  });

  it('work with --data-dir environments', async () => {
    const dataEmu = testEmulator({ dataDir: mkdtempSync(join(tmpdir(), 'stigg-emulator-snap-')) });
    const { id, serverKey } = newEnvironment('snapfile');
    await story(dataEmu, id, serverKey);
    await dataEmu.close();
  });
});
