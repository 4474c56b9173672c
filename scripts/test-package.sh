#!/usr/bin/env bash
# The package as users install it: `npm pack`, then a scratch project that installs the tarball next
# to the official Node SDK (which brings graphql 15) and runs startEmulator() there under Vitest,
# Jest (CommonJS), plain Node (ESM and CommonJS) and the CLI; then a second scratch project that
# installs the package from a local path (a symlink) and runs the same Vitest file without
# `resolve.preserveSymlinks`; then `npm start` in this checkout (no rebuild when the build is fresh,
# a rebuild when a source is newer).
#
#   bash scripts/test-package.sh            (needs the npm registry for the scratch installs)
#
# Everything listens on 127.0.0.1 with ports picked by the system; the scratch projects are in a
# temporary directory removed at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

SDK_VERSION=3.95.0
BROWSER_SDK_VERSION=3.35.0
VITEST_VERSION=4.1.12
JEST_VERSION=30.5.2

WORK=$(mktemp -d "${TMPDIR:-/tmp}/stigg-emulator-package.XXXXXX")
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

step "build and pack"
npm run build --silent
TARBALL=$(npm pack --silent --pack-destination "$WORK" | tail -n 1)
TARBALL="$WORK/$TARBALL"
[ -f "$TARBALL" ] || fail "npm pack produced no tarball"
tar -tzf "$TARBALL" > "$WORK/files.txt"
for f in package/dist/index.mjs package/dist/index.cjs package/dist/stigg-emulator.mjs package/dist/graphiql.html \
         package/dist/src/index.d.ts package/schema package/fixtures/demo/00-features.yaml package/src/db/migrations/0000_init.sql; do
  grep -q "^$f" "$WORK/files.txt" || fail "the tarball lacks $f"
done
if grep -q '\.map$' "$WORK/files.txt"; then fail "the tarball carries source maps"; fi
echo "tarball: $(basename "$TARBALL"), $(wc -l < "$WORK/files.txt") files, $(du -k "$TARBALL" | cut -f1) kB"

# --- the test files a user writes ------------------------------------------------------------------
write_tests() {
  local dir=$1
  # Vitest, ESM: the example of docs/testing.md, with every entitlement getter of the SDK
  cat > "$dir/emulator.test.mjs" <<'EOF'
import { Stigg } from '@stigg/node-server-sdk';
import { startEmulator } from 'stigg-emulator';
import { afterAll, beforeAll, expect, test } from 'vitest';

let emu;
let stigg;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  stigg = Stigg.initialize({ ...emu.sdk, realtimeUpdatesEnabled: false });
  await stigg.waitForInitialization();
});
afterAll(async () => {
  await stigg?.close();
  await emu?.close();
});

test('the Node SDK reads entitlements from the emulator', async () => {
  const customer = await stigg.provisionCustomer({ customerId: 'customer-demo-123', name: 'Acme', subscriptionParams: null });
  expect(customer.customer.id).toBe('customer-demo-123');
  const analytics = await stigg.getBooleanEntitlement({ customerId: 'customer-demo-01', featureId: 'feature-04-analytics' });
  expect(analytics.hasAccess).toBe(true);
  const size = await stigg.getNumericEntitlement({ customerId: 'customer-demo-01', featureId: 'feature-07-max-file-size' });
  expect(size.value).toBe(1000);
  const campaigns = await stigg.getMeteredEntitlement({ customerId: 'customer-demo-01', featureId: 'feature-02-campaigns' });
  expect(campaigns.hasAccess).toBe(true);
  const support = await stigg.getEnumEntitlement({ customerId: 'customer-demo-01', featureId: 'feature-05-support' });
  expect(support.enumValues).toEqual(expect.arrayContaining(['email', 'chat', 'phone']));
  expect(emu.sdk.baseEdgeUri).toBe(emu.url);
});

test('the in-process helpers: moveClock, snapshot, loadFixtures, restore, reset', async () => {
  const env = 'helpers-vitest';
  const moved = await emu.moveClock(env, { to: '2099-01-01T00:00:00Z', frozen: true });
  expect(moved).toMatchObject({ now: '2099-01-01T00:00:00.000Z', frozen: true });
  const id = await emu.snapshot(env);
  const { loaded } = await emu.loadFixtures(env, { customers: [{ id: 'cust-helpers', name: 'Helpers' }] });
  expect(loaded.customers).toBe(1);
  const client = Stigg.initialize({ ...emu.sdkFor(env), realtimeUpdatesEnabled: false });
  try {
    await client.waitForInitialization();
    expect((await client.getCustomer('cust-helpers')).name).toBe('Helpers');
    expect((await emu.moveClock(env, { advance: 'P1M' })).now).toBe('2099-02-01T00:00:00.000Z');
    await expect(emu.moveClock(env, { to: '2099-01-15T00:00:00Z' })).rejects.toMatchObject({ code: 'InvalidClockMove' });
    expect((await emu.restore(env, id)).clock.now).toBe('2099-01-01T00:00:00.000Z');
    await expect(client.getCustomer('cust-helpers')).rejects.toThrow();
    expect((await emu.reset(env)).reset).toBe(true);
  } finally {
    await client.close();
  }
});
EOF
  # Jest, CommonJS (Jest's default)
  cat > "$dir/emulator.jest.test.cjs" <<'EOF'
const { Stigg } = require('@stigg/node-server-sdk');
const { startEmulator } = require('stigg-emulator');

let emu;
let stigg;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  stigg = Stigg.initialize({ ...emu.sdk, realtimeUpdatesEnabled: false });
  await stigg.waitForInitialization();
});
afterAll(async () => {
  await stigg?.close();
  await emu?.close();
});

test('the Node SDK reads entitlements from the emulator (Jest)', async () => {
  const analytics = await stigg.getBooleanEntitlement({ customerId: 'customer-demo-01', featureId: 'feature-04-analytics' });
  expect(analytics.hasAccess).toBe(true);
  const size = await stigg.getNumericEntitlement({ customerId: 'customer-demo-01', featureId: 'feature-07-max-file-size' });
  expect(size.value).toBe(1000);
});

test('the clock-skew recipe for Jest (docs/testing.md): metered usage with a start time in the past', async () => {
  const past = await startEmulator({ port: 0, startTime: '2025-01-01T00:00:00Z' });
  const client = Stigg.initialize({ ...past.sdk, realtimeUpdatesEnabled: false });
  try {
    jest.useFakeTimers({
      now: past.environment('local').now(),
      advanceTimers: true,
      doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'],
    });
    await client.waitForInitialization();
    await client.reportUsage({ customerId: 'customer-demo-01', featureId: 'feature-02-campaigns', value: 3 });
    const campaigns = await client.getMeteredEntitlement({ customerId: 'customer-demo-01', featureId: 'feature-02-campaigns' });
    expect(campaigns.currentUsage).toBe(3);
  } finally {
    jest.useRealTimers();
    await client.close();
    await past.close();
  }
});

test('the in-process helpers under Jest: moveClock, snapshot, loadFixtures, restore, reset', async () => {
  const env = 'helpers-jest';
  expect((await emu.moveClock(env, { to: '2099-01-01T00:00:00Z', frozen: true })).now).toBe('2099-01-01T00:00:00.000Z');
  const id = await emu.snapshot(env, 'before');
  expect(id).toBe('before');
  expect((await emu.loadFixtures(env, { customers: [{ id: 'cust-helpers', name: 'Helpers' }] })).loaded.customers).toBe(1);
  const client = Stigg.initialize({ ...emu.sdkFor(env), realtimeUpdatesEnabled: false });
  try {
    await client.waitForInitialization();
    expect((await client.getCustomer('cust-helpers')).name).toBe('Helpers');
    const moved = await emu.moveClock(env, { advance: 'P1M' });
    expect(moved.now).toBe('2099-02-01T00:00:00.000Z');
    expect((await emu.restore(env, id)).clock).toEqual({ now: '2099-01-01T00:00:00.000Z', frozen: true });
    await expect(client.getCustomer('cust-helpers')).rejects.toThrow();
    expect((await emu.reset(env)).reset).toBe(true);
  } finally {
    await client.close();
  }
});
EOF
  # plain Node, both module systems
  cat > "$dir/plain.mjs" <<'EOF'
import { Stigg } from '@stigg/node-server-sdk';
import { startEmulator } from 'stigg-emulator';
const emu = await startEmulator();
const stigg = Stigg.initialize({ ...emu.sdk, realtimeUpdatesEnabled: false });
await stigg.waitForInitialization();
const e = await stigg.getBooleanEntitlement({ customerId: 'customer-demo-01', featureId: 'feature-04-analytics' });
await stigg.close();
await emu.close();
if (!e.hasAccess) throw new Error('no access');
console.log('plain ESM: ok');
EOF
  cat > "$dir/plain.cjs" <<'EOF'
const { Stigg } = require('@stigg/node-server-sdk');
const { startEmulator } = require('stigg-emulator');
(async () => {
  const emu = await startEmulator();
  const stigg = Stigg.initialize({ ...emu.sdk, realtimeUpdatesEnabled: false });
  await stigg.waitForInitialization();
  const e = await stigg.getBooleanEntitlement({ customerId: 'customer-demo-01', featureId: 'feature-04-analytics' });
  await stigg.close();
  await emu.close();
  if (!e.hasAccess) throw new Error('no access');
  console.log('plain CommonJS: ok');
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
EOF
  cat > "$dir/vitest.config.mjs" <<'EOF'
export default { test: { include: ['*.test.mjs'], testTimeout: 30000, hookTimeout: 30000 } };
EOF
  cat > "$dir/jest.config.cjs" <<'EOF'
module.exports = { testMatch: ['**/*.jest.test.cjs'], testEnvironment: 'node', testTimeout: 30000 };
EOF
}

new_project() {
  local dir=$1
  mkdir -p "$dir"
  printf '{ "name": "%s", "version": "1.0.0", "private": true }\n' "$(basename "$dir")" > "$dir/package.json"
  write_tests "$dir"
}

# --- from the tarball ------------------------------------------------------------------------------
step "install the tarball beside @stigg/node-server-sdk@$SDK_VERSION, @stigg/js-client-sdk@$BROWSER_SDK_VERSION, vitest and jest"
P1="$WORK/from-tarball"
new_project "$P1"
(cd "$P1" && npm install "$TARBALL" "@stigg/node-server-sdk@$SDK_VERSION" "@stigg/js-client-sdk@$BROWSER_SDK_VERSION" "vitest@$VITEST_VERSION" "jest@$JEST_VERSION" 2>&1) | tee "$WORK/install.log" | tail -n 3
if grep -q EBADENGINE "$WORK/install.log"; then
  grep -A4 EBADENGINE "$WORK/install.log" >&2
  fail "npm warns about Node engines while installing the package on $(node --version)"
fi
(cd "$P1" && node -e "
  const v = require('graphql/package.json').version;
  if (!v.startsWith('15.')) throw new Error('expected the SDK\\'s graphql 15 hoisted, got ' + v);
  console.log('hoisted graphql: ' + v);
")

step "Vitest (ESM), from the tarball"
(cd "$P1" && npx vitest run)
step "Jest (CommonJS), from the tarball"
(cd "$P1" && npx jest --ci)
step "plain Node, from the tarball"
(cd "$P1" && node plain.mjs && node plain.cjs)

step "the CLI from the tarball: ready, then a port in use is one line"
(cd "$P1" && node - <<'EOF'
const { spawn } = require('node:child_process');
const net = require('node:net');
function run(args) {
  // the bin npm installed (what `npx stigg-emulator` runs)
  const child = spawn('./node_modules/.bin/stigg-emulator', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  children.push(child);
  return { child, exited, out: () => out, err: () => err };
}
// whatever happens, no emulator is left running
const children = [];
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
(async () => {
  const p = run(['--port', '0', '--edge-port', '-1']);
  const deadline = Date.now() + 30000;
  while (!p.out().includes('"msg":"ready"')) {
    if (Date.now() > deadline) throw new Error('CLI not ready: ' + p.out() + p.err());
    await new Promise((r) => setTimeout(r, 50));
  }
  const { url } = JSON.parse(p.out().split('\n').find((l) => l.includes('"msg":"ready"')));
  const page = await fetch(url + '/graphql', { headers: { accept: 'text/html' } });
  const html = await page.text();
  if (page.status !== 200 || /unpkg\.com|cdn\.jsdelivr/.test(html) || !html.includes('renderYogaGraphiQL')) throw new Error('GraphiQL is not served from the package');
  p.child.kill('SIGTERM');
  const stopped = await p.exited;
  if (stopped !== 0) throw new Error('CLI did not stop cleanly: exit ' + stopped + ' ' + p.err());
  const busy = net.createServer();
  await new Promise((r) => busy.listen(0, '127.0.0.1', r));
  const port = busy.address().port;
  const q = run(['--port', String(port), '--edge-port', '-1']);
  const code = await q.exited;
  busy.close();
  const lines = q.err().trim().split('\n');
  if (code !== 1 || lines.length !== 1 || !lines[0].includes(`port ${port}`) || !lines[0].includes('--port')) {
    throw new Error(`expected one line naming port ${port} and --port, got exit ${code}: ${q.err()}`);
  }
  const version = run(['--version']);
  if ((await version.exited) !== 0 || version.out().trim() !== require('./node_modules/stigg-emulator/package.json').version) throw new Error('--version: ' + version.out() + version.err());
  const exec = run(['exec', '--', 'node', '-e', 'fetch(process.env.STIGG_EMULATOR_URL + "/_emulator/ready").then((r) => { console.log(process.env.STIGG_API_KEY, r.status); process.exit(3); })']);
  const execCode = await exec.exited;
  if (execCode !== 3 || exec.out().trim() !== 'server-local 200') throw new Error('exec: exit ' + execCode + ' ' + exec.out() + exec.err());
  console.log('CLI: ok (' + lines[0] + '; --version; exec)');
})().catch((e) => { console.error(e); process.exit(1); });
EOF
)

# --- from a local path (npm links it) -------------------------------------------------------------
step "install from a local path beside the SDK; Vitest without preserveSymlinks, Jest"
P2="$WORK/from-path"
new_project "$P2"
(cd "$P2" && npm install "$ROOT" "@stigg/node-server-sdk@$SDK_VERSION" "vitest@$VITEST_VERSION" "jest@$JEST_VERSION" 2>&1 | tail -n 3)
[ -L "$P2/node_modules/stigg-emulator" ] || fail "expected npm to link the local path"
(cd "$P2" && npx vitest run)
(cd "$P2" && npx jest --ci)
(cd "$P2" && node plain.mjs && node plain.cjs)

# --- npm start in this checkout --------------------------------------------------------------------
step "npm start serves the existing build, and rebuilds only when a source is newer"
node - <<'EOF'
const { spawn } = require('node:child_process');
const { utimesSync } = require('node:fs');
function start() {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn('npm', ['start', '--silent'], {
      env: { ...process.env, STIGG_EMULATOR_PORT: '0', STIGG_EMULATOR_EDGE_PORT: '-1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '', err = '';
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch {} reject(new Error('npm start: not ready in 120 s\n' + err)); }, 120000);
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('"msg":"ready"')) {
        clearTimeout(timer);
        const ms = Date.now() - started;
        child.on('exit', () => resolve({ ms, err }));
        process.kill(-child.pid, 'SIGTERM');
      }
    });
  });
}
(async () => {
  const fresh = await start();
  if (fresh.err.includes('building')) throw new Error('npm start rebuilt an up-to-date build: ' + fresh.err);
  console.log(`npm start, build up to date: ready in ${fresh.ms} ms, no rebuild`);
  const now = new Date();
  utimesSync('src/index.ts', now, now);
  const stale = await start();
  if (!stale.err.includes('building (src/index.ts is newer than the build)')) throw new Error('npm start did not rebuild a stale build: ' + stale.err);
  console.log(`npm start, a source newer than the build: rebuilt, ready in ${stale.ms} ms`);
  const again = await start();
  if (again.err.includes('building')) throw new Error('npm start rebuilt twice: ' + again.err);
  console.log(`npm start after the rebuild: ready in ${again.ms} ms, no rebuild`);
})().catch((e) => { console.error(e); process.exit(1); });
EOF

printf '\nPASS: the package works from the tarball and from a local path (Vitest, Jest, plain Node, CLI), and npm start serves the build\n'
