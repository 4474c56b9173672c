/**
 * Query limits: how fast abusive documents are refused, over a real socket on 127.0.0.1.
 *   npx tsx bench/limits.ts
 * Prints the time to refuse a mutation with 10,000 aliased reportUsage, a recursive
 * products -> plans -> product query 30 levels deep and a query nested 10,000 deep, and, for
 * comparison, the time of the deepest recursive query the limits still admit on the demo seed;
 * then a 30 MiB import of millions of invalid entries against a separate emulator process: the
 * answer's time and size, the process's peak RSS, and whether it still answers afterwards; then a
 * clock move to 9999-12-31 of an environment with a monthly subscription, its recurring credit
 * grant and a promotional grant, in a separate process: the answer's time (or none within 60 s)
 * and whether health still answers; last, in a process of its own (bench/memory.ts), the RSS after
 * 300 requests with 1 MiB variables and the heap after 1,000 environments created and deleted.
 */
import { createEmulator } from '../src/emulator.js';
import { createLogger } from '../src/logging/logger.js';

const emu = createEmulator({ config: { port: 0, edgePort: -1, logLevel: 'silent' }, logger: createLogger('silent') });
const { url } = await emu.listen();

const recursive = (levels: number) => {
  let inner = 'refId';
  for (let i = 0; i < levels; i++) inner = `refId plans { refId product { ${inner} } }`;
  return `query Recursive { products { edges { node { ${inner} } } } }`;
};

async function time(name: string, query: string, runs = 11) {
  const body = JSON.stringify({ query });
  const times: number[] = [];
  let answer: { errors?: { message: string; extensions?: { code?: string; limit?: string } }[] } = {};
  for (let i = -2; i < runs; i++) {
    const started = performance.now();
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'server-bench-limits' }, body });
    answer = (await res.json()) as typeof answer;
    if (i >= 0) times.push(performance.now() - started); // two warm-up runs first
  }
  times.sort((a, b) => a - b);
  const error = answer.errors?.[0];
  const outcome = error ? `${error.extensions?.code} (${error.extensions?.limit ?? '-'}): ${error.message}` : 'answered';
  console.log(`${name.padEnd(44)} median ${times[Math.floor(runs / 2)]!.toFixed(1).padStart(7)} ms  max ${times.at(-1)!.toFixed(1).padStart(7)} ms  ${(body.length / 1024).toFixed(0)} KiB  ${outcome}`);
}

const aliases = Array.from({ length: 10_000 }, (_, i) => `a${i}: reportUsage(input: { customerId: "c", featureId: "f", value: 1 }) { id }`).join(' ');
await time('10,000 aliased reportUsage (refused)', `mutation Many { ${aliases} }`);
await time('recursive products query, 30 levels (refused)', recursive(30));
await time('query nested 10,000 deep (refused)', '{' + 'products{'.repeat(10_000) + 'refId' + '}'.repeat(10_000) + '}');
await time('deepest recursive query admitted (5 levels)', recursive(5));
await emu.close();

/** The emulator from source in a process of its own (running out of memory or hanging ends that process, not the bench): its URL once it listens. */
async function emulatorProcess(args: string[]) {
  const { spawn } = await import('node:child_process');
  const { join } = await import('node:path');
  const root = join(import.meta.dirname, '..');
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'main.ts'), '--port', '0', '--edge-port', '-1', '--log-level', 'info', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(`exited (${signal ?? code})`)));
  let base = '';
  for (let i = 0; i < 600 && !base; i++) {
    base = /"url":"(http:\/\/[^"]+)"/.exec(out)?.[1] ?? '';
    if (!base) await new Promise((r) => setTimeout(r, 50));
  }
  if (!base) throw new Error(`the emulator did not start:\n${out}`);
  return { child, base, exited };
}

/**
 * A 30 MB import of millions of tiny invalid items, against a separate emulator process (so that
 * running out of memory ends that process, not the bench): the answer's time, status and size, the
 * server's peak RSS (VmHWM), and whether it still answers /_emulator/ready afterwards.
 */
async function largeInvalidImport() {
  const { readFileSync } = await import('node:fs');
  const { child, base, exited } = await emulatorProcess([]);
  // the peak RSS (VmHWM), sampled while the request runs: the last sample stands if the process dies
  let lastPeakKb = 0;
  const peakRss = () => {
    try {
      const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
      if (kb) lastPeakKb = Number(kb);
    } catch {
      // gone: the last sample
    }
    return lastPeakKb ? `${(lastPeakKb / 1024).toFixed(0)} MiB` : 'n/a';
  };
  const sampling = setInterval(peakRss, 100);
  const item = '{},';
  const count = Math.floor((30 * 1024 * 1024 - 20) / item.length);
  const body = `{"customers":[${item.repeat(count - 1)}{}]}`;
  const rssBefore = peakRss();
  const started = performance.now();
  const timeout = 180_000;
  const answer = await Promise.race([
    fetch(`${base}/_emulator/environments/bench-import/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      .then(async (res) => {
        const text = await res.text();
        return `HTTP ${res.status}, ${(text.length / 1024).toFixed(1)} KiB answer`;
      })
      .catch((error: Error) => `no answer (${error.message})`),
    exited,
    new Promise<string>((resolve) => setTimeout(() => resolve(`no answer within ${timeout / 1000} s`), timeout)),
  ]);
  const elapsed = performance.now() - started;
  const peak = peakRss();
  clearInterval(sampling);
  const ready = await fetch(`${base}/_emulator/ready`).then((r) => `HTTP ${r.status}`, () => 'no answer');
  console.log(
    `${`import, 30 MiB of ${(count / 1e6).toFixed(1)} M invalid items`.padEnd(44)} ${(elapsed / 1000).toFixed(2).padStart(7)} s  ${answer}; peak RSS ${peak} (${rssBefore} before); /_emulator/ready afterwards: ${ready}`,
  );
  child.kill('SIGTERM');
  await exited;
}
await largeInvalidImport();

/** A clock move to 9999-12-31T23:59:59Z, in a separate process (it used to hang the process). */
async function farFutureClock() {
  const { join } = await import('node:path');
  const root = join(import.meta.dirname, '..');
  const fixtures = join(root, 'test', 'credits', 'fixtures', 'credit-usage.yaml');
  const { child, base, exited } = await emulatorProcess(['--fixtures', fixtures, '--start-time', '2025-07-01T00:00:00Z']);
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const gql = (query: string, variables: unknown) => post('/graphql', { query, variables }, { 'x-api-key': 'server-bench-clock' });
  await post('/_emulator/environments/bench-clock/clock', { frozen: true });
  const setup: string[] = [];
  setup.push(await (await gql('mutation P($input: ProvisionSubscriptionInput!) { provisionSubscriptionV2(input: $input) { status } }', {
    input: { customerId: 'customer-a', planId: 'plan-ai', billingPeriod: 'MONTHLY' },
  })).text());
  setup.push(await (await gql('mutation G($input: GrantPromotionalEntitlementsInput!) { grantPromotionalEntitlements(input: $input) { featureId } }', {
    input: { customerId: 'customer-b', promotionalEntitlements: [{ featureId: 'feature-seats', period: 'CUSTOM', customEndDate: '2026-01-01T00:00:00Z', usageLimit: 5 }] },
  })).text());
  for (const answer of setup) if (answer.includes('"errors"')) throw new Error(`setting up the far-future clock move: ${answer}`);
  const timeout = 60_000;
  const started = performance.now();
  const answer = await Promise.race([
    post('/_emulator/environments/bench-clock/clock', { to: '9999-12-31T23:59:59Z' }).then(
      async (res) => `HTTP ${res.status} ${((await res.json()) as { error?: { code?: string } }).error?.code ?? ''}`.trim(),
      (error: Error) => `no answer (${error.message})`,
    ),
    exited,
    new Promise<string>((resolve) => setTimeout(() => resolve(`no answer within ${timeout / 1000} s`), timeout)),
  ]);
  const elapsed = performance.now() - started;
  const health = await Promise.race([
    fetch(`${base}/_emulator/health`).then((r) => `HTTP ${r.status}`, () => 'no answer'),
    new Promise<string>((resolve) => setTimeout(() => resolve('no answer within 5 s'), 5_000)),
  ]);
  console.log(`${'clock move to 9999-12-31 (monthly sub, credits, promotion)'.padEnd(44)} ${(elapsed / 1000).toFixed(2).padStart(7)} s  ${answer}; health afterwards: ${health}`);
  child.kill('SIGTERM');
  const ended = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve('SIGTERM ignored'), 5_000))]);
  if (ended === 'SIGTERM ignored') {
    console.log('  the process ignored SIGTERM: killed');
    child.kill('SIGKILL');
    await exited;
  }
}
await farFutureClock();

/** The request journal's and deleted environments' memory, in a process of its own (bench/memory.ts). */
async function memory() {
  const { spawnSync } = await import('node:child_process');
  const { join } = await import('node:path');
  const root = join(import.meta.dirname, '..');
  const run = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=384', '--import', 'tsx', join(root, 'bench', 'memory.ts')], {
    cwd: root,
    encoding: 'utf8',
    timeout: 600_000,
  });
  process.stdout.write(run.stdout);
  if (run.status !== 0) console.log(`memory bench ${run.signal ?? `exited ${run.status}`}: ${run.stderr.split('\n').filter(Boolean).slice(-3).join(' / ')}`);
}
await memory();
