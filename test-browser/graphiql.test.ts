/**
 * GraphiQL as a user opens it, from the built package (`node dist/stigg-emulator.mjs`, what
 * `npm start`, npx and the image run), in headless Chromium that may reach nothing but 127.0.0.1:
 * the page renders (not stuck at "Loading..."), the X-API-KEY header is preset, and a query runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, offlinePage } from './support.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist', 'stigg-emulator.mjs');

let browser: Browser;
let child: ChildProcess;
let url: string;

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error('dist/stigg-emulator.mjs is missing: npm run build');
  browser = await launchBrowser();
  child = spawn(process.execPath, [BIN, '--port', '0', '--edge-port', '-1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`not ready: ${out}`)), 30_000);
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.includes('"msg":"ready"'));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { url: string }).url);
      }
    });
  });
});
afterAll(async () => {
  await browser?.close();
  child?.kill('SIGTERM');
});

describe('GraphiQL offline', () => {
  it('renders from the package alone, with X-API-KEY preset, and runs a query', async () => {
    const { page, requests, refused } = await offlinePage(browser);
    await page.goto(`${url}/graphql`);
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    expect(await page.title()).toBe('stigg-emulator');
    expect(await page.locator('body').innerText()).not.toMatch(/^\s*Loading\.\.\.\s*$/);

    // the headers editor holds the preset key
    await page.getByText('Headers', { exact: true }).first().click();
    await expect.poll(async () => page.locator('.graphiql-editor-tool').innerText(), { timeout: 15_000 }).toContain('server-local');

    // run the default query (the environment's customers) and read the answer
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(async () => page.locator('.result-window').innerText(), { timeout: 15_000 }).toContain('customer-demo-01');

    expect(refused).toEqual([]);
    expect(requests.every((r) => r.includes('//127.0.0.1:'))).toBe(true);
    expect(requests.some((r) => r.startsWith(`POST ${url}/graphql`))).toBe(true);
    await page.context().close();
  });
});
