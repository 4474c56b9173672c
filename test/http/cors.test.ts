/**
 * CORS over real sockets, as a browser sends it: the preflight (OPTIONS with Origin and
 * Access-Control-Request-*) on GraphQL, the edge routes on both ports and governance; then the
 * actual answers carry Access-Control-Allow-Origin. The control plane answers CORS only to origins
 * --cors-origins names (never to `*`). With --cors-origins set, only those origins are allowed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/index.js';

const PAGE = 'http://127.0.0.1:5173';
const SDK_HEADERS = 'content-type,x-api-key,x-customer-key,x-api-version,x-graphql-operation-name';

function preflight(url: string, method = 'POST', origin = PAGE, headers = SDK_HEADERS) {
  return fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
  });
}

describe('CORS, any origin (the default)', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ edgePort: 0, startTime: '2025-01-01T00:00:00Z' });
  });
  afterAll(() => emu.close());

  it('answers the preflight of every surface a browser reaches, allowing the SDKs headers', async () => {
    const urls = [
      [`${emu.url}/graphql`, 'POST'],
      [`${emu.url}/v1/c/customer-demo-01/entitlements.json`, 'GET'],
      [`${emu.edgeUrl}/v1/c/customer-demo-01/entitlements.json`, 'GET'],
      [`${emu.edgeUrl}/v1/config/client-sdk-configuration.json`, 'GET'],
      [`${emu.url}/v1/paywall.json`, 'GET'],
      [`${emu.url}/governance/owners/cus-acme/check`, 'POST'],
    ] as const;
    for (const [url, method] of urls) {
      const res = await preflight(url, method);
      expect(res.status, url).toBe(204);
      expect(res.headers.get('access-control-allow-origin'), url).toBe('*');
      expect(res.headers.get('access-control-allow-methods'), url).toContain(method);
      const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/,\s*/);
      for (const header of SDK_HEADERS.split(',')) expect(allowed, `${url} ${header}`).toContain(header);
    }
  });

  it('allows a header the SDKs may add later, as the preflight asks', async () => {
    const res = await preflight(`${emu.url}/graphql`, 'POST', PAGE, 'x-api-key,x-some-new-header');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-some-new-header');
  });

  it('marks the answers of GraphQL, both edge ports and the control plane', async () => {
    const headers = { origin: PAGE, 'x-api-key': 'client-local', 'x-api-version': '1', 'content-type': 'application/json' };
    const gql = await fetch(`${emu.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query: '{ sdkConfiguration { sentryDsn } }' }) });
    expect(gql.status).toBe(200);
    expect(gql.headers.get('access-control-allow-origin')).toBe('*');
    for (const base of [emu.url, emu.edgeUrl]) {
      const edge = await fetch(`${base}/v1/c/customer-demo-01/entitlements.json`, { headers });
      expect(edge.status).toBe(200);
      expect(edge.headers.get('access-control-allow-origin')).toBe('*');
      expect(((await edge.json()) as { data: { entitlements: unknown[] } }).data.entitlements.length).toBeGreaterThan(0);
    }
    // `*` does not open the control plane: only an origin --cors-origins names may read it
    const clock = await fetch(`${emu.url}/_emulator/environments/local/clock`, { headers: { origin: PAGE } });
    expect(clock.status).toBe(200);
    expect(clock.headers.get('access-control-allow-origin')).toBeNull();
    const clockPreflight = await preflight(`${emu.url}/_emulator/environments/local/clock`, 'POST');
    expect(clockPreflight.headers.get('access-control-allow-origin')).toBeNull();
    // errors too: a browser can read why a call failed
    const missingKey = await fetch(`${emu.url}/graphql`, { method: 'POST', headers: { origin: PAGE, 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(missingKey.status).toBe(401);
    expect(missingKey.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('CORS restricted with corsOrigins (--cors-origins)', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ edgePort: 0, corsOrigins: ['http://localhost:5173', 'https://app.test'] });
  });
  afterAll(() => emu.close());

  it('allows the listed origins only, echoing the origin and varying on it', async () => {
    for (const url of [`${emu.url}/graphql`, `${emu.edgeUrl}/v1/paywall.json`]) {
      const ok = await preflight(url, 'POST', 'https://app.test');
      expect(ok.status).toBe(204);
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.test');
      expect(ok.headers.get('vary')).toContain('Origin');
      const refused = await preflight(url, 'POST', 'http://evil.test');
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    }
    const answer = await fetch(`${emu.edgeUrl}/v1/paywall.json`, { headers: { origin: 'http://localhost:5173', 'x-api-key': 'client-local' } });
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const other = await fetch(`${emu.edgeUrl}/v1/paywall.json`, { headers: { origin: 'http://evil.test', 'x-api-key': 'client-local' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
