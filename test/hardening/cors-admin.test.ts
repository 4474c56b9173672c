/** The control plane behind --admin-token still answers the CORS preflight of an origin --cors-origins names (a page of the user's own tooling). */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { testEmulator } from '../support/emulator.js';

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator({ adminToken: 'secret-token', corsOrigins: ['http://127.0.0.1:5173'] });
});
afterAll(() => emu.close());

it('a preflight to /_emulator is answered before the token check; the call itself needs the token', async () => {
  const preflight = await emu.request('/_emulator/environments', {
    method: 'OPTIONS',
    headers: { origin: 'http://127.0.0.1:5173', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
  });
  expect(preflight.status).toBeLessThan(300);
  expect(preflight.headers.get('access-control-allow-origin')).toBeTruthy();
  expect((await emu.request('/_emulator/environments', { headers: { origin: 'http://127.0.0.1:5173' } })).status).toBe(401);
  const ok = await emu.request('/_emulator/environments', { headers: { origin: 'http://127.0.0.1:5173', authorization: 'Bearer secret-token' } });
  expect(ok.status).toBe(200);
  expect(ok.headers.get('access-control-allow-origin')).toBeTruthy();
});
