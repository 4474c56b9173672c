/** N10: webhook endpoints are http(s) URLs without userinfo, through the control plane and fixtures. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { FixtureError, loadFixtureFiles } from '../../src/fixtures/load.js';
import { endpointUrlProblem } from '../../src/webhooks/endpoint-url.js';
import { newEnvironment, rest, testEmulator } from '../support/emulator.js';

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator();
});
afterAll(() => emu.close());

const REFUSED = ['file:///etc/passwd', 'ftp://example.com/hook', 'data:text/plain,x', 'http://user:secret@127.0.0.1:9/hook', 'https://user@example.com/hook', 'not a url', '/relative/hook'];

describe('N10: webhook endpoint URLs', () => {
  it('accepts http and https URLs only, without a user name or password', () => {
    expect(endpointUrlProblem('http://127.0.0.1:9/hook')).toBeNull();
    expect(endpointUrlProblem('https://example.com/hooks?x=1')).toBeNull();
    for (const url of REFUSED) expect(endpointUrlProblem(url), url).not.toBeNull();
  });

  it('refuses them on the control plane with 400 BadUserInput, storing nothing', async () => {
    const { id } = newEnvironment('hooks');
    for (const url of REFUSED) {
      const answer = await rest(emu, 'POST', `/_emulator/environments/${id}/webhooks/endpoints`, { url });
      expect(answer.status, url).toBe(400);
      expect(answer.body.error.code, url).toBe('BadUserInput');
      expect(answer.body.error.message, url).toMatch(/webhook endpoint URL/);
    }
    const listed = await rest(emu, 'GET', `/_emulator/environments/${id}/webhooks/endpoints`);
    expect(listed.body.endpoints).toEqual([]);
    const ok = await rest(emu, 'POST', `/_emulator/environments/${id}/webhooks/endpoints`, { url: 'http://127.0.0.1:9/hook' });
    expect(ok.status).toBe(201);
  });

  it('refuses them in fixtures, naming the entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stigg-emu-hooks-'));
    try {
      writeFileSync(join(dir, 'hooks.yaml'), 'webhooks:\n  - url: http://127.0.0.1:9/ok\n  - url: file:///etc/passwd\n  - url: https://me:pw@example.com/hook\n');
      let problems: string[] = [];
      try {
        loadFixtureFiles([dir]);
      } catch (error) {
        if (!(error instanceof FixtureError)) throw error;
        problems = error.problems;
      }
      expect(problems).toContainEqual(expect.stringMatching(/hooks\.yaml: webhooks\.1\.url: webhook endpoint URL must be an http or https URL \(not file:\)/));
      expect(problems).toContainEqual(expect.stringMatching(/hooks\.yaml: webhooks\.2\.url: webhook endpoint URL must not carry a user name or password/));
      expect(problems.join('\n')).not.toMatch(/webhooks\.0/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const { id } = newEnvironment('hooks');
    const runtime = await rest(emu, 'POST', `/_emulator/environments/${id}/fixtures`, 'webhooks:\n  - url: file:///etc/passwd\n', { 'content-type': 'application/yaml' });
    expect(runtime.status).toBe(400);
    expect(JSON.stringify(runtime.body)).toMatch(/webhooks\.0\.url: webhook endpoint URL must be an http or https URL/);
  });
});
