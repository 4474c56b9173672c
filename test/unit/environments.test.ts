import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseApiKey } from '../../src/application/registry.js';
import { codeOf, gql, rest, testEmulator } from '../support/emulator.js';

const PROVISION = `mutation ProvisionCustomer($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { customer { id } } }`;
const GET = `query GetCustomerById($input: GetCustomerByRefIdInput!) { getCustomerByRefId(input: $input) { id name } }`;

describe('API keys and environments', () => {
  it('names the environment by key', () => {
    expect(parseApiKey('server-local')).toEqual({ environmentId: 'local', keyType: 'server' });
    expect(parseApiKey('client-local')).toEqual({ environmentId: 'local', keyType: 'client' });
    expect(parseApiKey('server-ci-123')).toEqual({ environmentId: 'ci-123', keyType: 'server' });
    expect(parseApiKey('my-own-key')).toEqual({ environmentId: 'my-own-key', keyType: 'server' });
  });

  it('server and client keys of one name reach the same world', async () => {
    const emu = testEmulator();
    await gql(emu, 'server-shared', PROVISION, { input: { customerId: 'c-1' } });
    const read = await gql(emu, 'client-shared', GET, { input: { customerId: 'c-1' } });
    expect(read.data!.getCustomerByRefId.id).toBe('c-1');
    await emu.close();
  });

  it('--strict-keys accepts only environments declared in fixtures (default: local)', async () => {
    const emu = testEmulator({ strictKeys: true });
    expect((await gql(emu, 'server-local', '{ __typename }')).status).toBe(200);
    expect((await gql(emu, 'client-local', '{ __typename }')).status).toBe(200);
    const other = await gql(emu, 'server-other', '{ __typename }');
    expect(other.status).toBe(401);
    expect(codeOf(other)).toBe('Unauthenticated');
    await emu.close();
  });

  it('--data-dir keeps each environment in a SQLite file across restarts, clock included', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stigg-emulator-data-'));
    const first = testEmulator({ dataDir });
    await gql(first, 'server-persisted', PROVISION, { input: { customerId: 'c-kept' } });
    await rest(first, 'POST', '/_emulator/environments/persisted/clock', { to: '2026-06-01T00:00:00Z', frozen: true });
    await first.close();
    expect(readdirSync(dataDir)).toContain('persisted.db');

    const second = testEmulator({ dataDir });
    const read = await gql(second, 'server-persisted', GET, { input: { customerId: 'c-kept' } });
    expect(read.data!.getCustomerByRefId.id).toBe('c-kept');
    expect((await rest(second, 'GET', '/_emulator/environments/persisted/clock')).body).toMatchObject({ now: '2026-06-01T00:00:00.000Z', frozen: true });
    await second.close();
  });
});
