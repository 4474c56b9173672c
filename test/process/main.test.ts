import { spawn } from 'node:child_process';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(TSX, [join(ROOT, 'src', 'main.ts'), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe('the process', { timeout: 60_000 }, () => {
  it('--version prints the package version and exits 0; --help names exec', async () => {
    const version = run(['--version']);
    expect(await version.exited).toBe(0);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(version.out()).toBe(`${pkg.version}\n`);
    const help = run(['--help']);
    expect(await help.exited).toBe(0);
    expect(help.out()).toContain('stigg-emulator exec [flags] -- <command> [args...]');
    expect(help.out()).toContain('--log-format <format>');
  });

  it('--log-format pretty logs readable lines (JSON lines when stdout is not a terminal)', async () => {
    const p = run(['--port', '0', '--edge-port', '-1', '--log-format', 'pretty']);
    const deadline = Date.now() + 45_000;
    while (!/INFO {2}ready url=http/.test(p.out()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(p.out()).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}loading the seed/m);
    expect(p.out()).toMatch(/INFO {2}ready url=http:\/\/127\.0\.0\.1:\d+ graphql=/);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.out()).toMatch(/INFO {2}stopping reason=SIGTERM/);
  });

  it('exits 1 with every configuration problem and serves nothing', async () => {
    const p = run(['--port', 'abc', '--log-level', 'loud']);
    expect(await p.exited).toBe(1);
    expect(p.err()).toContain('port must be an integer');
    expect(p.err()).toContain('log-level must be one of');
    expect(p.out()).not.toContain('"msg":"ready"');
  });

  it('exits 1 with every fixture problem as file: path: message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stigg-emulator-fixtures-'));
    writeFileSync(join(dir, 'a.yaml'), 'plans:\n  - id: plan-x\n    productId: product-missing\n');
    writeFileSync(join(dir, 'b.json'), '{"customers": [{"id": "bad id"}], "surprise": 1}');
    const p = run(['--port', '0', '--edge-port', '-1', '--fixtures', dir]);
    expect(await p.exited).toBe(1);
    expect(p.err()).toContain(`${join(dir, 'b.json')}: customers.0.id: must match`);
    expect(p.err()).toContain(`${join(dir, 'b.json')}: (root): unknown key(s) "surprise"`);
    expect(p.out()).not.toContain('"msg":"ready"');
  });

  it('logs "ready" with its URLs once seeded, serves, and stops cleanly on SIGTERM', async () => {
    const p = run(['--port', '0', '--edge-port', '0'], { STIGG_EMULATOR_LOG_LEVEL: 'info' });
    const ready = await new Promise<Record<string, string>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ready line: ${p.out()} ${p.err()}`)), 45_000);
      p.child.stdout.on('data', () => {
        const line = p.out().split('\n').find((l) => l.includes('"msg":"ready"'));
        if (line) {
          clearTimeout(timer);
          resolve(JSON.parse(line) as Record<string, string>);
        }
      });
    });
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${ready.url}/_emulator/ready`)).status).toBe(200);
    const res = await fetch(`${ready.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'server-local' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('ends with one clear line naming the port in use and the flag that sets it', async () => {
    const busy = await new Promise<Server>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => resolve(server));
    });
    const port = (busy.address() as AddressInfo).port;
    try {
      const main = run(['--port', String(port), '--edge-port', '-1']);
      expect(await main.exited).toBe(1);
      expect(main.err()).toBe(
        `stigg-emulator: port ${port} on 127.0.0.1 is already in use: choose another with --port (STIGG_EMULATOR_PORT), or 0 for a free port\n`,
      );
      expect(errorLines(main.out())).toEqual([]);

      const edge = run(['--port', '0'], { STIGG_EMULATOR_EDGE_PORT: String(port) });
      expect(await edge.exited).toBe(1);
      expect(edge.err()).toBe(
        `stigg-emulator: edge-port ${port} on 127.0.0.1 is already in use: choose another (or -1 to turn the edge port off) with --edge-port (STIGG_EMULATOR_EDGE_PORT), or 0 for a free port\n`,
      );
      expect(errorLines(edge.out())).toEqual([]);
    } finally {
      busy.close();
    }
  });
});

/** The log lines of stdout that report an error or carry a stack (the one-line message is on stderr). */
function errorLines(out: string): string[] {
  return out
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => {
      const entry = JSON.parse(line) as { level?: number; err?: unknown; stack?: unknown };
      return (entry.level ?? 0) >= 50 || entry.err !== undefined || entry.stack !== undefined;
    });
}
