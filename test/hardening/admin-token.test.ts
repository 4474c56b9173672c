/** Finding 11: --admin-token guards /_emulator (health and ready stay open). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { loadConfig } from '../../src/config.js';
import { rest, testEmulator } from '../support/emulator.js';

const TOKEN = 'admin-secret-token';
let emu: Emulator;
beforeAll(() => {
  emu = testEmulator({ adminToken: TOKEN });
});
afterAll(() => emu.close());

describe('finding 11: the admin token', () => {
  it('is read from --admin-token and STIGG_EMULATOR_ADMIN_TOKEN (the flag wins)', () => {
    expect(loadConfig([], { STIGG_EMULATOR_ADMIN_TOKEN: 'from-the-env' }).adminToken).toBe('from-the-env');
    expect(loadConfig(['--admin-token', 'from-the-flag'], { STIGG_EMULATOR_ADMIN_TOKEN: 'from-the-env' }).adminToken).toBe('from-the-flag');
    expect(loadConfig([], {}).adminToken).toBeNull();
    expect(() => loadConfig(['--admin-token', 'short'], {})).toThrow(/admin-token must have at least 8 characters/);
  });

  it('refuses the control plane without the token, with a REST error', async () => {
    for (const path of ['/_emulator/info', '/_emulator/environments', '/_emulator/environments/local/export']) {
      const res = await rest(emu, 'GET', path);
      expect(res.status, path).toBe(401);
      expect(res.body.error.code).toBe('Unauthenticated');
    }
    const wrong = await rest(emu, 'POST', '/_emulator/environments/local/reset', undefined, { authorization: 'Bearer nope-nope-nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toBe('wrong admin token');
  });

  it('accepts the token, and never shows it', async () => {
    const res = await rest(emu, 'GET', '/_emulator/info', undefined, { authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain(TOKEN);
    expect(res.body.settings.adminToken).toBe('(set)');
  });

  it('leaves health and ready open for the Docker HEALTHCHECK', async () => {
    expect((await rest(emu, 'GET', '/_emulator/health')).status).toBe(200);
    expect([200, 503]).toContain((await rest(emu, 'GET', '/_emulator/ready')).status);
  });

  it('leaves the Stigg API alone', async () => {
    const res = await rest(emu, 'POST', '/graphql', { query: '{ sdkConfiguration { sentryDsn } }' }, { 'x-api-key': 'server-token-test' });
    expect(res.status).toBe(200);
  });
});
