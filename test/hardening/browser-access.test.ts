/**
 * N4: a web page the developer opens cannot drive the emulator. State-changing requests to the
 * control plane and the inspector from another origin are refused (unless --cors-origins lists the
 * origin by name); a request whose Host is not loopback, an IP address, the bind address or a name
 * of --allowed-hosts (DNS rebinding) is refused on every route: Hono routes on both ports, the
 * governance check's lean route and WebSocket upgrades. SDKs and curl (no Origin) are not concerned.
 */
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Emulator } from '../../src/emulator.js';
import { createEmulator } from '../../src/emulator.js';
import { hostChecker } from '../../src/http/access.js';
import { createLogger } from '../../src/logging/logger.js';
import { rest, START, testEmulator } from '../support/emulator.js';

const EVIL = 'http://evil.test';
const OWN_HOST = '127.0.0.1:4000';
const GOVERNANCE_FIXTURE = fileURLToPath(new URL('../governance/fixtures/governance.yaml', import.meta.url));

interface Raw {
  status: number;
  body: any;
}

/** One request over a socket with exactly these headers (Host included). */
function raw(url: string, method: string, headers: Record<string, string>, body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const all = { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) };
    const req = httpRequest(url, { method, headers: all, setHost: !('host' in headers) }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode!, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A WebSocket upgrade of /graphql: the status it answers (101 when accepted). */
function upgrade(url: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/graphql`, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': Buffer.from(randomUUID().slice(0, 16)).toString('base64'),
        'sec-websocket-protocol': 'graphql-transport-ws',
        ...headers,
      },
      setHost: !('host' in headers),
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode!, body: null });
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    req.end();
  });
}

const expectForbidden = (res: { status: number; body: any }, ...mentions: string[]) => {
  expect(res.status).toBe(403);
  expect(res.body.error.code).toBe('Forbidden');
  for (const m of mentions) expect(res.body.error.message).toContain(m);
};

describe('--allowed-hosts', () => {
  it('is read from the flag and STIGG_EMULATOR_ALLOWED_HOSTS (the flag wins), lower case; * or all allows any host', () => {
    expect(loadConfig([], {}).allowedHosts).toEqual([]);
    expect(loadConfig(['--allowed-hosts', 'Stigg, emulator.test'], {}).allowedHosts).toEqual(['stigg', 'emulator.test']);
    expect(loadConfig([], { STIGG_EMULATOR_ALLOWED_HOSTS: 'stigg' }).allowedHosts).toEqual(['stigg']);
    expect(loadConfig(['--allowed-hosts', '*'], { STIGG_EMULATOR_ALLOWED_HOSTS: 'stigg' }).allowedHosts).toEqual(['*']);
    expect(() => loadConfig(['--allowed-hosts', 'http://stigg:4000'], {})).toThrow(/allowed-hosts: each entry must be a host name/);
  });

  it('allows loopback, IP addresses, the bind address and the names given; nothing else', () => {
    const allowed = hostChecker({ host: '127.0.0.1', allowedHosts: [] });
    for (const host of ['127.0.0.1', '127.0.0.1:4000', 'localhost', 'LOCALHOST:3060', 'app.localhost:4000', '[::1]:4000', '[::1]', '192.168.1.20:4000', undefined]) {
      expect(allowed(host), String(host)).toBe(true);
    }
    for (const host of ['evil.test', 'evil.test:4000', 'localhost.evil.test', '127.0.0.1.nip.io:4000', 'stigg:4000', '', 'a b']) expect(allowed(host), host).toBe(false);
    expect(hostChecker({ host: 'devbox.lan', allowedHosts: [] })('devbox.lan:4000')).toBe(true);
    const named = hostChecker({ host: '0.0.0.0', allowedHosts: ['stigg', '.example.com'] });
    expect(named('stigg:4000')).toBe(true);
    expect(named('api.example.com')).toBe(true);
    expect(named('example.com')).toBe(true);
    expect(named('evil.test')).toBe(false);
    expect(hostChecker({ host: '0.0.0.0', allowedHosts: ['*'] })('evil.test')).toBe(true);
    expect(hostChecker({ host: '0.0.0.0', allowedHosts: ['all'] })('evil.test')).toBe(true);
  });
});

describe('the Origin of state-changing requests to the control plane and the inspector (default --cors-origins *)', () => {
  let emu: Emulator;
  beforeAll(() => {
    emu = testEmulator();
  });
  afterAll(() => emu.close());

  const send = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    rest(emu, method, path, body, { host: OWN_HOST, ...headers });

  it('refuses moving a clock, deleting an environment and importing from another origin, and changes nothing', async () => {
    const id = `n4-${randomUUID()}`;
    expect((await send('POST', `/_emulator/environments/${id}/clock`, {}, { frozen: true })).status).toBe(200);
    const before = (await send('GET', `/_emulator/environments/${id}/clock`, {})).body.now;

    const clock = await send('POST', `/_emulator/environments/${id}/clock`, { origin: EVIL }, { advance: 'P30D' });
    expectForbidden(clock, 'POST', EVIL, '--cors-origins');
    expect((await send('GET', `/_emulator/environments/${id}/clock`, {})).body.now).toBe(before);

    expectForbidden(await send('DELETE', `/_emulator/environments/${id}`, { origin: EVIL }), 'DELETE', '--cors-origins');
    expect((await send('GET', `/_emulator/environments/${id}`, {})).status).toBe(200);

    expectForbidden(await send('POST', `/_emulator/environments/${id}/import`, { origin: 'null' }, {}), 'null');
    expectForbidden(await send('PUT', `/_emulator/environments/${id}`, { origin: EVIL }));
    expectForbidden(await send('PATCH', `/_emulator/environments/${id}`, { origin: EVIL }));
  });

  it('accepts the emulator own origin, and requests without Origin (SDKs, curl)', async () => {
    const id = `n4-${randomUUID()}`;
    expect((await send('POST', `/_emulator/environments/${id}/clock`, { origin: `http://${OWN_HOST}` }, { advance: 'P1D' })).status).toBe(200);
    expect((await send('POST', `/_emulator/environments/${id}/clock`, {}, { advance: 'P1D' })).status).toBe(200);
    expect((await rest(emu, 'POST', `/_emulator/environments/${id}/clock`, { advance: 'P1D' })).status).toBe(200);
    expect((await send('DELETE', `/_emulator/environments/${id}`, { origin: `http://${OWN_HOST}/` })).status).toBe(200);
  });

  it('leaves GraphQL open to any page (the default *)', async () => {
    const res = await emu.request('/graphql', {
      method: 'POST',
      headers: { host: OWN_HOST, origin: EVIL, 'content-type': 'application/json', 'x-api-key': 'client-local' },
      body: JSON.stringify({ query: '{ sdkConfiguration { sentryDsn } }' }),
    });
    expect(res.status).toBe(200);
  });

  it('gives another page no CORS grant on control-plane reads (exports, environments), while GraphQL keeps *', async () => {
    const id = `n4-${randomUUID()}`;
    expect((await send('POST', `/_emulator/environments/${id}/clock`, {}, { frozen: true })).status).toBe(200);
    for (const path of [`/_emulator/environments/${id}/export`, '/_emulator/environments', `/_emulator/environments/${id}/clock`]) {
      const res = await emu.request(path, { headers: { host: OWN_HOST, origin: EVIL } });
      expect(res.headers.get('access-control-allow-origin'), path).toBeNull();
    }
    const preflight = await emu.request(`/_emulator/environments/${id}/export`, {
      method: 'OPTIONS',
      headers: { host: OWN_HOST, origin: EVIL, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const graphql = await emu.request('/graphql', {
      method: 'POST',
      headers: { host: OWN_HOST, origin: EVIL, 'content-type': 'application/json', 'x-api-key': 'client-local' },
      body: JSON.stringify({ query: '{ sdkConfiguration { sentryDsn } }' }),
    });
    expect(graphql.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('refuses an inspector action posted from another origin with the same 403', async () => {
    const res = await emu.request('/_emulator/ui/environments/local/actions/reset', {
      method: 'POST',
      headers: { host: OWN_HOST, origin: EVIL, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expectForbidden({ status: res.status, body: await res.json() }, '--cors-origins');
  });
});

describe('an origin listed by name in --cors-origins', () => {
  let emu: Emulator;
  beforeAll(() => {
    emu = testEmulator({ corsOrigins: ['http://localhost:5173'] });
  });
  afterAll(() => emu.close());

  it('may change state; other origins may not', async () => {
    const id = `n4-${randomUUID()}`;
    const ok = await rest(emu, 'POST', `/_emulator/environments/${id}/clock`, { advance: 'P1D' }, { host: OWN_HOST, origin: 'http://localhost:5173' });
    expect(ok.status).toBe(200);
    expectForbidden(await rest(emu, 'POST', `/_emulator/environments/${id}/clock`, { advance: 'P1D' }, { host: OWN_HOST, origin: 'http://localhost:5174' }));
  });

  it('may read the control plane (CORS grant to that origin only)', async () => {
    const named = await emu.request('/_emulator/environments', { headers: { host: OWN_HOST, origin: 'http://localhost:5173' } });
    expect(named.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const other = await emu.request('/_emulator/environments', { headers: { host: OWN_HOST, origin: 'http://localhost:5174' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the Host header over sockets (DNS rebinding)', () => {
  let emu: Emulator;
  let url: string;
  let edgeUrl: string;
  beforeAll(async () => {
    emu = createEmulator({ config: { fixtures: [GOVERNANCE_FIXTURE], startTime: START, port: 0, edgePort: 0, logLevel: 'silent' }, logger: createLogger('silent') });
    ({ url, edgeUrl } = (await emu.listen()) as { url: string; edgeUrl: string });
  });
  afterAll(() => emu.close());

  it('refuses a rebound Host on every route of both ports, naming --allowed-hosts', async () => {
    const host = { host: 'evil.test:4000' };
    const routes: [string, string, string?][] = [
      [`${url}/_emulator/health`, 'GET'],
      [`${url}/_emulator/environments/local/export`, 'GET'],
      [`${url}/_emulator/ui`, 'GET'],
      [`${url}/_emulator/environments/local/reset`, 'POST'],
      [`${url}/graphql`, 'POST', JSON.stringify({ query: '{ sdkConfiguration { sentryDsn } }' })],
      [`${url}/v1/paywall.json`, 'GET'],
      [`${edgeUrl}/v1/paywall.json`, 'GET'],
      [`${url}/`, 'GET'],
    ];
    for (const [route, method, body] of routes) {
      const res = await raw(route, method, { ...host, 'x-api-key': 'server-local', 'content-type': 'application/json' }, body);
      expectForbidden(res, 'evil.test', '--allowed-hosts');
    }
  });

  it('refuses it on the governance check lean route too', async () => {
    const envId = `n4-${randomUUID()}`;
    const headers = {
      authorization: 'Bearer test-token',
      'x-stigg-account-id': 'account-test',
      'x-stigg-environment-id': envId,
      'content-type': 'application/json',
    };
    const body = JSON.stringify({ entityIds: ['drafter'], capabilityId: 'credits', requestedAmount: 1 });
    const ok = await raw(`${url}/governance/owners/cus-acme/check`, 'POST', headers, body);
    expect(ok.status).toBe(200);
    const refused = await raw(`${url}/governance/owners/cus-acme/check`, 'POST', { ...headers, host: 'evil.test' }, body);
    expectForbidden(refused, '--allowed-hosts');
    // nothing journaled for the refused check
    expect(emu.registry.find(envId)!.journal.list().filter((e) => e.transport === 'governance')).toHaveLength(1);
  });

  it('refuses a WebSocket upgrade with a rebound Host; loopback names upgrade', async () => {
    expectForbidden(await upgrade(url, { host: 'evil.test' }), '--allowed-hosts');
    expect((await upgrade(url, {})).status).toBe(101);
    expect((await upgrade(url, { host: `localhost:${new URL(url).port}`, origin: EVIL })).status).toBe(101);
  });

  it('answers loopback names, IP addresses and requests without Origin as before', async () => {
    const port = new URL(url).port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `10.0.0.7:${port}`]) {
      const res = await raw(`${url}/_emulator/health`, 'GET', { host });
      expect(res.status, host).toBe(200);
    }
  });
});

describe('--allowed-hosts over sockets', () => {
  let emu: Emulator;
  let url: string;
  beforeAll(async () => {
    emu = createEmulator({
      config: { startTime: START, port: 0, edgePort: -1, logLevel: 'silent', allowedHosts: ['stigg'], corsOrigins: ['http://localhost:5173'] },
      logger: createLogger('silent'),
    });
    ({ url } = await emu.listen());
  });
  afterAll(() => emu.close());

  it('answers a name it lists (a container reached by its service name)', async () => {
    expect((await raw(`${url}/_emulator/health`, 'GET', { host: 'stigg:4000' })).status).toBe(200);
    expectForbidden(await raw(`${url}/_emulator/health`, 'GET', { host: 'other:4000' }), '--allowed-hosts');
    expect((await upgrade(url, { host: 'stigg:4000' })).status).toBe(101);
  });

  it('refuses a WebSocket from an origin that a named --cors-origins does not list', async () => {
    expectForbidden(await upgrade(url, { origin: EVIL }), '--cors-origins');
    expect((await upgrade(url, { origin: 'http://localhost:5173' })).status).toBe(101);
  });
});
