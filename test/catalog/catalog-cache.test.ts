import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { gql, newEnvironment, rest, testEmulator } from '../support/emulator.js';

const PLANS = `{ products(filter: { refId: { eq: "product-revvenu" } }) { edges { node { plans { refId displayName } } } } }`;

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator();
});
afterAll(() => emu.close());

describe('the catalog read model', () => {
  it('sees catalog changes loaded into a running environment, and a reset puts the seed back', async () => {
    const { id, serverKey } = newEnvironment('cache');
    const plansOf = async () => (await gql(emu, serverKey, PLANS)).data!.products.edges[0].node.plans as { refId: string; displayName: string }[];
    const before = await plansOf();
    expect(before.find((p) => p.refId === 'plan-revvenu-basic')!.displayName).toBe('Basic');

    const loaded = await rest(emu, 'POST', `/_emulator/environments/${id}/fixtures`, {
      plans: [
        { id: 'plan-revvenu-basic', productId: 'product-revvenu', displayName: 'Starter', pricingType: 'FREE' },
        { id: 'plan-revvenu-extra', productId: 'product-revvenu', displayName: 'Extra', pricingType: 'FREE' },
      ],
    });
    expect(loaded.status).toBe(200);
    const after = await plansOf();
    expect(after.find((p) => p.refId === 'plan-revvenu-basic')!.displayName).toBe('Starter');
    expect(after.map((p) => p.refId)).toContain('plan-revvenu-extra');

    await rest(emu, 'POST', `/_emulator/environments/${id}/reset`);
    const reset = await plansOf();
    expect(reset.find((p) => p.refId === 'plan-revvenu-basic')!.displayName).toBe('Basic');
    expect(reset.map((p) => p.refId)).not.toContain('plan-revvenu-extra');
  });
});
