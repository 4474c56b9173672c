/** creditBalanceUpdated over a real WebSocket (graphql-ws), with the Node client's own subscription document. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import type { Emulator } from '../../src/emulator.js';
import { clientOperation } from '../support/documents.js';
import { gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';
import { collect, waitFor, waitForListener, wsClient } from '../realtime/support.js';

const ON_CREDIT_BALANCE_UPDATED = clientOperation('node', 'OnCreditBalanceUpdated');

let emu: Emulator;
let url: string;
const clients: Client[] = [];

beforeAll(async () => {
  emu = testEmulator();
  url = (await emu.listen()).url;
});

afterAll(async () => {
  for (const client of clients) await client.dispose();
  await emu.close();
});

describe('creditBalanceUpdated', () => {
  it('is pushed after a grant, a consumption and a void, with the wallet balance', async () => {
    const { id, serverKey } = newEnvironment('crt');
    await rest(emu, 'POST', `/_emulator/environments/${id}/clock`, { to: '2025-06-01T00:00:00Z', frozen: true });
    await gql(emu, serverKey, `mutation { provisionCustomer(input: { customerId: "c1" }) { customer { id } } }`);
    const client = wsClient(url, { headers: { 'X-API-KEY': serverKey } });
    clients.push(client);
    const events = collect(client, ON_CREDIT_BALANCE_UPDATED);
    await waitForListener(emu, id, 'creditBalanceUpdated');
    const grant = await gql(emu, serverKey, clientOperation('go', 'GrantCredits'), {
      input: { customerId: 'c1', currencyId: 'currency-api-credits', amount: 100, displayName: 'g', grantType: 'PAID', expireAt: '2025-09-01T00:00:00Z' },
    });
    expect(grant.errors).toBeUndefined();
    const first = await waitFor(() => events.values[0], 5000, 'a balance after the grant');
    expect(first.creditBalanceUpdated).toEqual({
      currency: { currencyId: 'currency-api-credits', displayName: 'API credits', symbol: null, units: { singular: 'credit', plural: 'credits' } },
      currencyId: 'currency-api-credits',
      currentBalance: 100,
      customerId: 'c1',
      validUntil: Date.parse('2025-09-01T00:00:00Z'),
      resourceId: null,
      totalConsumed: 0,
      totalGranted: 100,
    });
    await gql(emu, serverKey, clientOperation('go', 'ConsumeCredits'), { input: { customerId: 'c1', currencyId: 'currency-api-credits', amount: 30, idempotencyKey: 'k' } });
    const second = await waitFor(() => events.values[1], 5000, 'a balance after the consumption');
    expect(second.creditBalanceUpdated).toMatchObject({ currentBalance: 70, totalConsumed: 30 });
    await gql(emu, serverKey, clientOperation('go', 'VoidCreditGrant'), { input: { id: grant.data!.createCreditGrant.grantId } });
    const third = await waitFor(() => events.values[2], 5000, 'a balance after the void');
    expect(third.creditBalanceUpdated).toMatchObject({ currentBalance: 0, totalGranted: 0 });
    expect(events.errors).toEqual([]);
    events.stop();
  });
});
