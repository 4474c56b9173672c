/** GraphiQL is served from the package: the page names no other host to load anything from. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/index.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

describe('GET /graphql in a browser', () => {
  it('answers the GraphiQL page with its scripts and styles inline and X-API-KEY preset', async () => {
    const res = await fetch(`${emu.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    // (booleans, not the page itself, in failure messages: it is 9 MB)
    expect(html.includes('<title>stigg-emulator</title>')).toBe(true);
    // nothing fetched from elsewhere: no external script, stylesheet or font
    expect(/<script[^>]+src=["']https?:/i.test(html)).toBe(false);
    expect(/<link[^>]+href=["']https?:/i.test(html)).toBe(false);
    expect(/unpkg\.com|cdn\.jsdelivr|esm\.sh/.test(html)).toBe(false);
    expect(html.includes('renderYogaGraphiQL')).toBe(true);
    expect(/"headers":"\{\\"X-API-KEY\\": ?\\"server-local\\"\}"/.test(html)).toBe(true);
  });
});
