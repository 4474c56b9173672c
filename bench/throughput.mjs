#!/usr/bin/env node
// Throughput benchmark: the emulator against the frameworks' floors, side by side in one run.
//
//   npm run bench:throughput [-- --duration 8 --rounds 4 --connections 16 --only GetEntitlement]
//
// Four servers, each in a process of its own; for each path its floor(s) and the emulator run side by
// side and are loaded one at a time, in alternate rounds (floor, emulator, floor, emulator, ...:
// `duration` seconds each in all, split into `rounds`), so a change in the machine's load during
// the run weighs on both alike:
//   yoga floor  a bare graphql-yoga with the emulator's own schema (schema/*.graphql) whose root
//               fields answer constants (the emulator's own answer to the same document, captured
//               once), so the floor pays for parsing, validation and execution of the same document
//   hono floor  a bare Hono app (@hono/node-server) answering a constant JSON body
//   http floor  a bare node:http server answering a constant JSON body (no framework at all: the
//               limit of any server in Node on this machine)
//   emulator    the built process (dist/stigg-emulator.mjs, rebuilt when a source is newer), demo seed
// and autocannon (in this process) loads each with the same request and connections: the official
// clients' documents (test/reference/operations: the Go client's GetEntitlement, ReportUsage and
// GetActiveSubscriptions, the Node SDK's GetEntitlements and GetEntitlementsState with Apollo's
// __typename) against the yoga floor, and the governance check and ingest and an edge
// entitlements.json against the Hono floor, the governance check against the node:http floor too. Prints req/s, p50, p99 and the emulator's ratio to the
// floor (over all rounds, and the lowest and highest of the rounds' ratios); exits 1 when a request failed (non-2xx, socket error, or a GraphQL error in the answer).
// No target is asserted here: the figures are read side by side (the machine's load moves both).
import { spawn } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const self = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------------------------------------
// server mode: `node bench/throughput.mjs --serve yoga|hono|http <constants.json>` (a child process)
// ---------------------------------------------------------------------------------------------
if (process.argv[2] === '--serve' && process.argv[3] === 'http') {
  // the node:http floor: the constant's bytes and headers made once, each request answered as it arrives
  const { createServer } = await import('node:http');
  const constants = JSON.parse(process.argv[4] ?? '{}');
  const text = JSON.stringify(constants.body ?? { ok: true });
  const headers = ['Content-Type', 'application/json', 'Content-Length', String(Buffer.byteLength(text))];
  const server = createServer((_req, res) => {
    res.writeHead(200, headers);
    res.end(text);
  });
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ msg: 'ready', url: `http://127.0.0.1:${server.address().port}` })}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
} else if (process.argv[2] === '--serve') {
  const kind = process.argv[3];
  const constants = JSON.parse(process.argv[4] ?? '{}');
  const { serve } = await import('@hono/node-server');
  let fetchHandler;
  if (kind === 'yoga') {
    const { buildASTSchema, parse, isAbstractType, isObjectType } = await import('graphql');
    const { createYoga } = await import('graphql-yoga');
    const sdl = readdirSync(join(root, 'schema'))
      .filter((f) => f.endsWith('.graphql'))
      .sort()
      .map((f) => readFileSync(join(root, 'schema', f), 'utf8'))
      .join('\n');
    const schema = buildASTSchema(parse(sdl, { noLocation: true }), { assumeValidSDL: true, assumeValid: true });
    for (const type of Object.values(schema.getTypeMap())) {
      if (isAbstractType(type)) type.resolveType = (value) => value?.__typename;
    }
    for (const rootName of ['Query', 'Mutation']) {
      const type = schema.getType(rootName);
      if (!isObjectType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        if (field.name in constants) {
          const value = constants[field.name];
          field.resolve = () => value;
        }
      }
    }
    const yoga = createYoga({ schema, graphqlEndpoint: '/graphql', logging: false, landingPage: false, graphiql: false });
    fetchHandler = yoga.fetch;
  } else {
    const { Hono } = await import('hono');
    const app = new Hono();
    const body = constants.body ?? { ok: true };
    app.all('*', (c) => c.json(body));
    fetchHandler = app.fetch;
  }
  const server = serve({ fetch: fetchHandler, port: 0, hostname: '127.0.0.1' }, (info) => {
    process.stdout.write(`${JSON.stringify({ msg: 'ready', url: `http://127.0.0.1:${info.port}` })}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
} else {
  await main();
}

// ---------------------------------------------------------------------------------------------
// the load generator
// ---------------------------------------------------------------------------------------------
async function main() {
  const args = process.argv.slice(2);
  const flag = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const duration = Number(flag('duration', process.env.BENCH_DURATION ?? 8));
  const connections = Number(flag('connections', process.env.BENCH_CONNECTIONS ?? 16));
  const only = flag('only', null);
  const loadAtStart = loadavg()[0];
  const { default: autocannon } = await import('autocannon');
  const { Kind, parse, print, visit } = await import('graphql');

  // the build the users run, current
  const { staleReason } = await import(join(root, 'scripts', 'build-state.mjs'));
  const reason = staleReason();
  if (reason) {
    console.log(`building (${reason})...`);
    const built = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) process.exit(built.status ?? 1);
  }

  // ---- the documents, as the clients send them
  const OPS = join(root, 'test', 'reference', 'operations');
  const documentOf = (file, name, { typename = false } = {}) => {
    const defs = parse(readFileSync(join(OPS, file), 'utf8')).definitions;
    const fragments = new Map(defs.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
    const operation = defs.find((d) => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name);
    if (!operation) throw new Error(`${file} has no operation ${name}`);
    const used = new Map();
    const walk = (node) =>
      visit(node, {
        FragmentSpread(spread) {
          const n = spread.name.value;
          if (used.has(n)) return;
          used.set(n, fragments.get(n));
          walk(fragments.get(n));
        },
      });
    walk(operation);
    let document = { kind: Kind.DOCUMENT, definitions: [operation, ...used.values()] };
    if (typename) document = withTypename(document);
    return { document, text: print(document) };
  };
  const withTypename = (document) =>
    visit(document, {
      SelectionSet(node) {
        if (node.selections.some((s) => s.kind === Kind.FIELD && s.name.value === '__typename')) return undefined;
        return { ...node, selections: [...node.selections, { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } }] };
      },
    });

  const GO = 'go/api-client-go-v6.21.0.graphql';
  const NODE = 'node/api-client-js-3.108.0.graphql';
  const customerId = 'customer-demo-01';
  const graphqlCases = [
    { name: 'GetEntitlement', label: 'GetEntitlement (Go)', file: GO, variables: { query: { customerId, featureId: 'feature-01-templates' } } },
    { name: 'GetEntitlements', label: 'GetEntitlements (Node)', file: NODE, typename: true, variables: { query: { customerId } } },
    { name: 'GetEntitlementsState', label: 'GetEntitlementsState (Node)', file: NODE, typename: true, variables: { query: { customerId } } },
    { name: 'ReportUsage', label: 'ReportUsage (Go)', file: GO, variables: { input: { customerId, featureId: 'feature-02-campaigns', value: 1 } } },
    { name: 'GetActiveSubscriptions', label: 'GetActiveSubscriptions (Go)', file: GO, variables: { input: { customerId } } },
  ].filter((c) => !only || c.name === only);
  const governanceHeaders = {
    authorization: 'Bearer local',
    'x-stigg-account-id': 'acc',
    'x-stigg-environment-id': 'local',
    'content-type': 'application/json',
  };
  const restCases = [
    {
      name: 'governance-check',
      label: 'governance check',
      floors: ['hono', 'http'],
      method: 'POST',
      path: '/governance/owners/cus-acme/check',
      headers: governanceHeaders,
      body: JSON.stringify({ entityIds: ['team-eng'], capabilityId: 'ai-tokens', requestedAmount: 1 }),
    },
    {
      name: 'governance-ingest',
      label: 'governance ingest',
      method: 'POST',
      path: '/governance/owners/cus-acme/ingest',
      headers: governanceHeaders,
      body: JSON.stringify({ events: [{ entityIds: ['team-eng'], capabilityId: 'ai-tokens', amount: 1 }] }),
    },
    {
      name: 'edge-entitlements',
      label: 'edge entitlements.json',
      method: 'GET',
      path: `/v1/c/${customerId}/entitlements.json`,
      headers: { 'x-api-key': 'server-local', 'x-api-version': '1' },
    },
  ].filter((c) => !only || c.name === only);

  // ---- the servers
  const children = new Set();
  const startServer = (argv, env = {}) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, argv, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      children.add(child);
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.once('exit', (code) => {
        children.delete(child);
        reject(new Error(`server exited (${code}): ${stderr}`));
      });
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (!line.includes('"msg":"ready"')) return;
        resolve({ url: JSON.parse(line).url, stop: () => stopChild(child) });
      });
    });
  const stopChild = (child) =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.removeAllListeners('exit');
      child.once('exit', () => {
        children.delete(child);
        resolve();
      });
      child.kill('SIGTERM');
    });
  process.on('exit', () => {
    for (const child of children) child.kill('SIGKILL');
  });
  const startEmulator = () =>
    startServer([join(root, 'dist', 'stigg-emulator.mjs')], {
      STIGG_EMULATOR_PORT: '0',
      STIGG_EMULATOR_EDGE_PORT: '-1',
      STIGG_EMULATOR_LOG_LEVEL: 'info',
      STIGG_EMULATOR_START_TIME: '2025-01-01T00:00:00Z',
    });

  // ---- load: the floor and the emulator in alternate rounds (floor, emulator, floor, ...), so that
  // a change in the machine's load during the run weighs on both alike; each warmed up first
  let failures = 0;
  const rounds = Math.max(1, Number(flag('rounds', process.env.BENCH_ROUNDS ?? 4)));
  const warm = (url, request) => autocannon({ url, connections, duration: 1, ...request });
  const measure = async (targets) => {
    // targets: [{ url, request }]; answers one summary per target: req/s over all its rounds, p50/p99 of its median round
    for (const t of targets) await warm(t.url, t.request);
    const runs = targets.map(() => []);
    for (let round = 0; round < rounds; round++) {
      for (const [i, t] of targets.entries()) runs[i].push(await autocannon({ url: t.url, connections, duration: duration / rounds, ...t.request }));
    }
    return runs.map((results) => {
      const failed = results.reduce((n, r) => n + r.errors + r.timeouts + r.non2xx, 0);
      if (failed > 0) failures += 1;
      const total = results.reduce((n, r) => n + r.requests.total, 0);
      const seconds = results.reduce((n, r) => n + r.duration, 0);
      const median = [...results].sort((a, b) => a.requests.average - b.requests.average)[Math.floor(results.length / 2)];
      return { rps: total / seconds, p50: median.latency.p50, p99: median.latency.p99, failed, perRound: results.map((r) => r.requests.average) };
    });
  };
  const checkAnswer = async (url, request, label) => {
    const res = await fetch(url, { method: request.method, headers: request.headers, body: request.body });
    const text = await res.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {
      /* reported below */
    }
    if (res.status !== 200 || !json || json.errors) {
      failures += 1;
      console.error(`${label}: answered ${res.status} ${text.slice(0, 400)}`);
    }
    return json;
  };

  const rows = [];
  const emulator = await startEmulator();
  try {
    // the constants the floors answer: the emulator's own answers
    const graphqlRequests = graphqlCases.map((c) => {
      const { document, text } = documentOf(c.file, c.name, { typename: c.typename });
      const request = {
        method: 'POST',
        path: '/graphql',
        headers: { 'content-type': 'application/json', 'x-api-key': 'server-local', 'x-graphql-operation-name': c.name },
        body: JSON.stringify({ operationName: c.name, query: text, variables: c.variables }),
      };
      return { ...c, document, request };
    });
    const constants = {};
    for (const c of graphqlRequests) {
      // __typename everywhere, so the floor can resolve unions and interfaces
      const typed = withTypename(c.document);
      const json = await checkAnswer(`${emulator.url}/graphql`, { ...c.request, body: JSON.stringify({ operationName: c.name, query: print(typed), variables: c.variables }) }, c.label);
      const operation = c.document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
      for (const selection of operation.selectionSet.selections) {
        if (selection.kind !== Kind.FIELD) continue;
        constants[selection.name.value] = json?.data?.[selection.alias?.value ?? selection.name.value] ?? null;
      }
    }
    const restBodies = {};
    for (const c of restCases) restBodies[c.name] = await checkAnswer(`${emulator.url}${c.path}`, c, c.label);
    await emulator.stop();

    // the yoga floor and the emulator, document by document (a fresh emulator for each document,
    // so that usage reported by one run does not weigh on the next)
    if (graphqlRequests.length > 0) {
      const yoga = await startServer([self, '--serve', 'yoga', JSON.stringify(constants)]);
      try {
        for (const c of graphqlRequests) {
          await checkAnswer(`${yoga.url}/graphql`, c.request, `${c.label} (yoga floor)`);
          const emu = await startEmulator();
          try {
            await checkAnswer(`${emu.url}/graphql`, c.request, c.label);
            const [floor, measured] = await measure([
              { url: `${yoga.url}/graphql`, request: c.request },
              { url: `${emu.url}/graphql`, request: c.request },
            ]);
            await checkAnswer(`${emu.url}/graphql`, c.request, c.label);
            rows.push({ label: c.label, floorName: 'yoga', floor, emu: measured });
          } finally {
            await emu.stop();
          }
          printRow(rows.at(-1));
        }
      } finally {
        await yoga.stop();
      }
    }
    for (const c of restCases) {
      // each floor and the emulator, in alternate rounds: one row per floor
      const floorNames = c.floors ?? ['hono'];
      const floorServers = [];
      const emu = await startEmulator();
      try {
        for (const floorName of floorNames) floorServers.push(await startServer([self, '--serve', floorName, JSON.stringify({ body: restBodies[c.name] })]));
        const results = await measure([...floorServers.map((server) => ({ url: `${server.url}${c.path}`, request: c })), { url: `${emu.url}${c.path}`, request: c }]);
        await checkAnswer(`${emu.url}${c.path}`, c, c.label);
        const measured = results.at(-1);
        for (const [i, floorName] of floorNames.entries()) {
          rows.push({ label: c.label, floorName: floorName === 'http' ? 'node:http' : floorName, floor: results[i], emu: measured });
          printRow(rows.at(-1));
        }
      } finally {
        for (const server of floorServers) await server.stop();
        await emu.stop();
      }
    }
  } finally {
    for (const child of children) await stopChild(child);
  }

  console.log(`\nautocannon, ${connections} connections, ${duration} s per server in ${rounds} alternate rounds (after 1 s of warm-up each), loopback; load average ${loadAtStart.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end`);
  console.log(
    ['what', 'floor', 'floor req/s', 'floor p50/p99 ms', 'emulator req/s', 'emulator p50/p99 ms', 'ratio'].join(' | '),
  );
  for (const row of rows) printRow(row, true);
  if (failures > 0) {
    console.error(`\n${failures} run(s) had failed requests or error answers`);
    process.exit(1);
  }

  function printRow(row, table = false) {
    // the ratio over all rounds, and the lowest and highest of the rounds' ratios
    const perRound = row.emu.perRound.map((rps, i) => rps / row.floor.perRound[i]);
    const ratio = `${((row.emu.rps / row.floor.rps) * 100).toFixed(0)} % (rounds ${(Math.min(...perRound) * 100).toFixed(0)}-${(Math.max(...perRound) * 100).toFixed(0)} %)`;
    const cells = [
      row.label,
      row.floorName,
      row.floor.rps.toFixed(0),
      `${row.floor.p50} / ${row.floor.p99}`,
      row.emu.rps.toFixed(0),
      `${row.emu.p50} / ${row.emu.p99}`,
      ratio + (row.emu.failed || row.floor.failed ? ` (failed: ${row.floor.failed} floor, ${row.emu.failed} emulator)` : ''),
    ];
    console.log(table ? cells.join(' | ') : `${row.label}: floor (${row.floorName}) ${cells[2]} req/s, emulator ${cells[4]} req/s, ratio ${cells[6]}`);
  }
}
