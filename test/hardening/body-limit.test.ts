/** Finding 3: body limits on every route, checked before the body is read. */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { loadConfig } from '../../src/config.js';
import { testEmulator } from '../support/emulator.js';

let emu: Emulator;
let url: string;
beforeAll(async () => {
  emu = testEmulator({ maxBodySize: 64 * 1024, maxImportBodySize: 256 * 1024 });
  url = (await emu.listen()).url;
});
afterAll(() => emu.close());

/** A request that announces `declared` bytes but sends only `sent`: answered without waiting for the rest. */
function announce(path: string, declared: number, sent: number): Promise<{ status: number; body: any; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(declared), 'x-api-key': 'server-body' } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text), ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.write('x'.repeat(sent));
    setTimeout(() => req.destroy(), 5000).unref();
  });
}

async function post(path: string, body: string | ReadableStream, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'server-body', ...headers }, body, duplex: 'half' } as RequestInit);
  return { status: res.status, body: (await res.json()) as any };
}

describe('finding 3: request body limits', () => {
  it('refuses a declared 100 MB body on every kind of route before reading it', async () => {
    for (const path of ['/graphql', '/_emulator/environments/body/import', '/governance/owners/x/ingest', '/api/v1-beta/entities', '/_emulator/environments/body/clock']) {
      const answer = await announce(path, 100 * 1024 * 1024, 10);
      expect(answer.status, path).toBe(413);
      expect(answer.ms, path).toBeLessThan(2000);
    }
  });

  it('answers GraphQL with BadUserInput in errors[] and REST with {"error"} naming the setting', async () => {
    const graphql = await post('/graphql', JSON.stringify({ query: `{ sdkConfiguration { sentryDsn } } ${'#'.repeat(70 * 1024)}` }));
    expect(graphql.status).toBe(413);
    expect(graphql.body.errors[0].extensions.code).toBe('BadUserInput');
    expect(graphql.body.errors[0].message).toContain('--max-body-size');
    const rest = await post('/_emulator/environments/body/faults', JSON.stringify({ operation: 'x', status: 500, message: 'y'.repeat(70 * 1024) }));
    expect(rest.status).toBe(413);
    expect(rest.body.error).toMatchObject({ code: 'PayloadTooLarge' });
  });

  it('counts streamed (chunked) bodies too', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream({
      pull(controller) {
        if (sent >= 64) return controller.close();
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const answer = await post('/_emulator/environments/body/fixtures', stream);
    expect(answer.status).toBe(413);
    expect(answer.body.error.message).toContain('--max-import-body-size');
  });

  it('lets fixtures and import take more than the other routes', async () => {
    const yaml = `# ${'x'.repeat(100 * 1024)}\nfeatures: [ { id: feature-big-body, featureType: BOOLEAN } ]\n`;
    const answer = await post('/_emulator/environments/body/fixtures', yaml, { 'content-type': 'application/yaml' });
    expect(answer.status).toBe(200);
  });

  it('has documented defaults: 4 MiB, 64 MiB for fixtures and import, and sizes in flags', () => {
    expect(loadConfig([], {})).toMatchObject({ maxBodySize: 4 * 1024 * 1024, maxImportBodySize: 64 * 1024 * 1024 });
    expect(loadConfig(['--max-body-size', '512kb'], { STIGG_EMULATOR_MAX_IMPORT_BODY_SIZE: '1gb' })).toMatchObject({ maxBodySize: 512 * 1024, maxImportBodySize: 1024 ** 3 });
    expect(() => loadConfig(['--max-body-size', 'lots'], {})).toThrow(/max-body-size must be a size/);
  });
});
