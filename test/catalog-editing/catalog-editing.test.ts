/**
 * The catalog-editing services through the REST API and the control plane: what they write is the
 * catalog the fixtures seed (export carries it, import restores it, loading fixtures again keeps
 * an archived status), every edit is one transaction (a refused one leaves nothing, no event).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { featureEventFields } from '../../src/webhooks/catalog-webhook-rules.js';
import { duplicatedPackageId } from '../../src/catalog-editing/products.js';
import { newEnvironment, rest, testEmulator } from '../support/emulator.js';
import { webhookProblems } from '../support/webhook-catalog.js';

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator();
});
afterAll(() => emu.close());

const api = (key: string, method: string, path: string, body?: unknown) => rest(emu, method, path, body, { 'x-api-key': key });

describe('catalog editing', () => {
  it('export carries archived features and products and their unit transformation; import restores them', async () => {
    const a = newEnvironment('edit');
    expect((await api(a.serverKey, 'POST', '/api/v1/features', { id: 'feature-x', displayName: 'X', featureType: 'NUMBER', meterType: 'FLUCTUATING', unitTransformation: { divide: 1000 } })).status).toBe(200);
    expect((await api(a.serverKey, 'POST', '/api/v1/features/feature-x/archive')).status).toBe(200);
    expect((await api(a.serverKey, 'POST', '/api/v1/products', { id: 'product-x', displayName: 'X' })).status).toBe(200);
    expect((await api(a.serverKey, 'POST', '/api/v1/products/product-x/archive')).status).toBe(200);
    const exported = await rest(emu, 'GET', `/_emulator/environments/${a.id}/export`);
    expect(exported.body.features.find((f: { id: string }) => f.id === 'feature-x')).toMatchObject({ status: 'SUSPENDED', unitTransformation: { divide: 1000, round: 'UP' } });
    expect(exported.body.features.find((f: { id: string }) => f.id === 'feature-01-templates').status).toBeUndefined();
    expect(exported.body.products.find((p: { id: string }) => p.id === 'product-x')).toMatchObject({ status: 'ARCHIVED' });

    const b = newEnvironment('edit-in');
    expect((await rest(emu, 'POST', `/_emulator/environments/${b.id}/import`, exported.body)).status).toBe(200);
    expect((await api(b.serverKey, 'GET', '/api/v1/features/feature-x')).body.data).toMatchObject({ featureStatus: 'SUSPENDED', unitTransformation: { divide: 1000 } });
    expect((await api(b.serverKey, 'GET', '/api/v1/products?status=ARCHIVED')).body.data.map((p: { id: string }) => p.id)).toEqual(['product-x']);
  });

  it('loading fixtures again keeps what REST archived', async () => {
    const a = newEnvironment('reload');
    await api(a.serverKey, 'POST', '/api/v1/features', { id: 'feature-y', displayName: 'Y', featureType: 'BOOLEAN' });
    await api(a.serverKey, 'POST', '/api/v1/features/feature-y/archive');
    const loaded = await rest(emu, 'POST', `/_emulator/environments/${a.id}/fixtures`, { features: [{ id: 'feature-y', displayName: 'Y again' }] });
    expect(loaded.status).toBe(200);
    expect((await api(a.serverKey, 'GET', '/api/v1/features/feature-y')).body.data).toMatchObject({ displayName: 'Y again', featureStatus: 'SUSPENDED' });
  });

  it('a refused duplicate writes nothing and records nothing', async () => {
    const a = newEnvironment('dup');
    // a plan id the copy would take exists already
    const taken = duplicatedPackageId('plan-revvenu-basic', 'product-copy');
    const loaded = await rest(emu, 'POST', `/_emulator/environments/${a.id}/fixtures`, { plans: [{ id: taken, productId: 'product-revvenu', pricingType: 'FREE' }] });
    expect(loaded.status).toBe(200);
    const refused = await api(a.serverKey, 'POST', '/api/v1/products/product-revvenu/duplicate', { targetId: 'product-copy' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(taken);
    expect((await api(a.serverKey, 'GET', '/api/v1/products?id=product-copy')).body.data).toEqual([]);
    const events = await rest(emu, 'GET', `/_emulator/environments/${a.id}/webhooks?type=product.created`);
    expect(events.body.events).toEqual([]);
  });

  it('feature events conform to their pages for every meter type', () => {
    const base = { id: 'f', displayName: 'F', description: null, featureType: 'NUMBER', units: null, unitsPlural: null, enumValues: [], meter: null, metadata: {}, status: 'ACTIVE', unitTransformation: null, createdAt: '', updatedAt: '' };
    for (const meterType of ['None', 'Fluctuating', 'Incremental']) {
      const fields = featureEventFields({ ...base, meterType });
      expect(webhookProblems({ type: 'feature.updated', messageId: 'm', traceId: 't', ...fields })).toEqual([]);
    }
  });
});
