/**
 * Browser test kit: Debian's Chromium driven by playwright-core (no browser download), a static
 * page server on its own port (so the page's origin differs from the emulator's), and a record of
 * every request the page makes (anything beyond 127.0.0.1 is refused and recorded).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

const require = createRequire(import.meta.url);

export const CHROMIUM = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A page whose requests are recorded; any host other than 127.0.0.1 is refused. */
export async function offlinePage(browser: Browser): Promise<{ page: Page; requests: string[]; refused: string[]; consoleErrors: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests: string[] = [];
  const refused: string[] = [];
  const consoleErrors: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if ((url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'ws:') && url.hostname !== '127.0.0.1') {
      refused.push(url.href);
      return route.abort();
    }
    requests.push(`${route.request().method()} ${url.href}`);
    return route.continue();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  return { page, requests, refused, consoleErrors };
}

/** Serves the browser SDK's UMD bundle and an empty page, on its own port (another origin than the emulator's). */
export async function startPageServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const sdkBundle = readFileSync(require.resolve('@stigg/js-client-sdk/dist/index.js'));
  const server: Server = createServer((req, res) => {
    if (req.url === '/stigg.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(sdkBundle);
      return;
    }
    if (req.url === '/' || req.url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html><head><meta charset="utf-8"><title>app</title><script src="/stigg.js"></script></head><body>app</body></html>');
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
