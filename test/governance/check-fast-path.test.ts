/**
 * The lean routes of the governance check and ingest (src/governance/routes/fast-path.ts) answer
 * over a socket exactly as the full Hono routes do: the same status, body, CORS headers and journal
 * entry, for ordinary requests and for every request they hand to the full route (refused or
 * repeated headers, faults, malformed or refused bodies, unknown owners and entities, chunked and
 * oversized bodies, an ingest that fails part-way). Two servers over one emulator: one with the
 * lean routes in front of the app, one with the app alone; each request (or sequence of requests:
 * idempotency keys, a check after an ingest) goes to a fresh environment on each.
 */
import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator.js';
import { withGovernanceFastPaths } from '../../src/governance/routes/fast-path.js';
import { createLogger } from '../../src/logging/logger.js';
import { FIXTURE, START } from './support.js';

interface Pair {
  emu: Emulator;
  lean: string;
  full: string;
  /** requests the lean route handed to the full route */
  delegated: () => number;
  close: () => Promise<void>;
}

async function pair(config: Partial<Emulator['config']> = {}): Promise<Pair> {
  const emu = createEmulator({ config: { fixtures: [FIXTURE], startTime: START, edgePort: -1, port: 0, ...config }, logger: createLogger('silent') });
  const app = getRequestListener(emu.app.fetch);
  let delegated = 0;
  const lean = createServer(
    withGovernanceFastPaths({ registry: emu.registry, maxBodySize: emu.config.maxBodySize, corsOrigins: emu.config.corsOrigins }, (req, res) => {
      delegated += 1;
      app(req, res);
    }),
  );
  const full = createServer(app);
  const urlOf = (server: Server) =>
    new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
  const [leanUrl, fullUrl] = await Promise.all([urlOf(lean), urlOf(full)]);
  return {
    emu,
    lean: leanUrl,
    full: fullUrl,
    delegated: () => delegated,
    close: async () => {
      await Promise.all([lean, full].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      await emu.close();
    },
  };
}

interface Sent {
  /** the check's path unless given */
  path?: string;
  body?: string | string[];
  headers?: Record<string, string | string[] | undefined>;
  /** a body without Content-Length (Transfer-Encoding: chunked) */
  chunked?: boolean;
  /** faults armed in the environment first */
  faults?: unknown[];
}

interface Got {
  status: number;
  body: unknown;
  headers: Record<string, string | undefined>;
  journal: unknown[] | null;
}

const governanceHeaders = (envId: string) => ({
  authorization: 'Bearer test-token',
  'x-stigg-account-id': 'account-test',
  'x-stigg-environment-id': envId,
  'content-type': 'application/json',
});

/** Requests in turn over a socket to a fresh environment of `base`; their answers and the environment's journal after them. */
async function sendAll(p: Pair, base: string, sents: Sent[]): Promise<{ answers: Omit<Got, 'journal'>[]; journal: unknown[] | null }> {
  const envId = `fast-${randomUUID()}`;
  for (const fault of sents.flatMap((sent) => sent.faults ?? [])) {
    const armed = await p.emu.request(`/_emulator/environments/${envId}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fault) });
    expect(armed.status).toBe(201);
  }
  const answers: Omit<Got, 'journal'>[] = [];
  for (const sent of sents) {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries({ ...governanceHeaders(envId), ...sent.headers })) if (value !== undefined) headers[name] = Array.isArray(value) ? value.map((v) => v.replaceAll('{env}', envId)) : value.replaceAll('{env}', envId);
    const pieces = sent.body === undefined ? [] : Array.isArray(sent.body) ? sent.body : [sent.body];
    if (!sent.chunked) headers['content-length'] = String(pieces.reduce((n, piece) => n + Buffer.byteLength(piece), 0));
    const answer = await new Promise<{ status: number; text: string; headers: Record<string, string | undefined> }>((resolve, reject) => {
      const req = httpRequest(`${base}${sent.path ?? '/governance/owners/cus-acme/check'}`, { method: 'POST', headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            text,
            headers: { 'content-type': res.headers['content-type'], 'access-control-allow-origin': res.headers['access-control-allow-origin'], vary: res.headers.vary },
          }),
        );
      });
      req.on('error', reject);
      // the pieces arrive apart (the body in more than one chunk)
      const write = (i: number) => {
        if (i === pieces.length) return void req.end();
        req.write(pieces[i]);
        setTimeout(() => write(i + 1), 5);
      };
      write(0);
    });
    answers.push({ status: answer.status, body: answer.text ? JSON.parse(answer.text) : null, headers: answer.headers });
  }
  // an environment the requests never reached has no journal (null)
  const journal = p.emu.registry.find(envId)?.journal.list() ?? null;
  const entries = journal?.filter((e) => e.transport === 'governance').map(({ at: _at, durationMs: _d, ...rest }) => rest) ?? null;
  return { answers, journal: entries };
}

/** One request over a socket to a fresh environment of `base`; its answer and the environment's journal after it. */
async function send(p: Pair, base: string, sent: Sent): Promise<Got> {
  const { answers, journal } = await sendAll(p, base, [sent]);
  return { ...answers[0]!, journal };
}

/** The same request through both servers: the same answer and journal; returns it and whether the lean route answered itself. */
async function both(p: Pair, sent: Sent): Promise<{ got: Got; lean: boolean }> {
  const before = p.delegated();
  const viaLean = await send(p, p.lean, sent);
  const lean = p.delegated() === before;
  const viaFull = await send(p, p.full, sent);
  expect(viaLean).toEqual(viaFull);
  return { got: viaLean, lean };
}

/** The same requests in turn through both servers: the same answers and journal; and how many the lean route handed on. */
async function bothAll(p: Pair, sents: Sent[]): Promise<{ answers: Omit<Got, 'journal'>[]; journal: unknown[] | null; delegated: number }> {
  const before = p.delegated();
  const viaLean = await sendAll(p, p.lean, sents);
  const delegated = p.delegated() - before;
  const viaFull = await sendAll(p, p.full, sents);
  expect(viaLean).toEqual(viaFull);
  return { ...viaLean, delegated };
}

const body = (b: unknown) => JSON.stringify(b);
const ordinary = { entityIds: ['drafter'], capabilityId: 'credits', requestedAmount: 1 };

describe('the lean route of the governance check', () => {
  let p: Pair;
  beforeAll(async () => {
    p = await pair();
  });
  afterAll(() => p.close());

  it('answers an ordinary check itself, as the full route does (body, CORS, journal)', async () => {
    const { got, lean } = await both(p, { body: body(ordinary), headers: { origin: 'http://app.test' } });
    expect(lean).toBe(true);
    expect(got.status).toBe(200);
    expect(got.headers).toEqual({ 'content-type': 'application/json', 'access-control-allow-origin': '*', vary: undefined });
    expect((got.body as { hasAccess: boolean }).hasAccess).toBe(true);
    expect(got.journal).toEqual([
      { transport: 'governance', operationName: 'check', variables: ordinary, method: 'POST', path: '/governance/owners/cus-acme/check', status: 'ok', httpStatus: 200, errorCodes: [] },
    ]);
  });

  it('answers a refusal by a budget, dimensions, a query string and a body in several chunks itself', async () => {
    const refused = await both(p, { body: body({ ...ordinary, requestedAmount: 6 }) });
    expect(refused.lean).toBe(true);
    expect((refused.got.body as { hasAccess: boolean }).hasAccess).toBe(false);
    const withQuery = await both(p, { path: '/governance/owners/cus-acme/check?trace=1', body: body(ordinary) });
    expect(withQuery.lean).toBe(true);
    expect((withQuery.got.journal![0] as { path: string }).path).toBe('/governance/owners/cus-acme/check');
    // a long body (unknown fields are ignored, as by the full route) is answered and not remembered
    const long = await both(p, { body: body({ ...ordinary, note: 'x'.repeat(10_000) }) });
    expect(long.lean).toBe(true);
    expect(long.got.status).toBe(200);
    const text = body(ordinary);
    const pieces = await both(p, { body: [text.slice(0, 10), text.slice(10, 30), text.slice(30)] });
    expect(pieces.lean).toBe(true);
    expect(pieces.got.status).toBe(200);
  });

  it.each([
    ['no bearer token', { body: body(ordinary), headers: { authorization: undefined } }, 401, 'Unauthenticated'],
    ['no environment header', { body: body(ordinary), headers: { 'x-stigg-environment-id': undefined } }, 401, 'Unauthenticated'],
    ['malformed JSON', { body: '{"entityIds": [' }, 400, 'BadUserInput'],
    ['an empty body', { body: '' }, 400, 'BadUserInput'],
    ['a body the schema refuses', { body: body({ entityIds: ['drafter'], dimensions: { team: 'x' }, capabilityId: 'credits', requestedAmount: 1 }) }, 400, 'BadUserInput'],
    ['a negative amount', { body: body({ ...ordinary, requestedAmount: -1 }) }, 400, 'BadUserInput'],
    ['an unknown owner', { path: '/governance/owners/nobody/check', body: body(ordinary) }, 404, 'CustomerNotFound'],
    ['an unknown entity', { body: body({ ...ordinary, entityIds: ['ghost'] }) }, 404, 'NotFound'],
    ['a percent-escaped owner', { path: '/governance/owners/cus%2Dacme/check', body: body(ordinary) }, 200, null],
    ['a chunked body', { body: [body(ordinary).slice(0, 5), body(ordinary).slice(5)], chunked: true }, 200, null],
    ['a fault armed on the check', { body: body(ordinary), faults: [{ route: 'governance.check', status: 503 }] }, 503, 'ServiceUnavailable'],
    ['a fault armed on another route', { body: body(ordinary), faults: [{ route: 'governance.ingest', status: 500 }] }, 200, null],
  ] as [string, Sent, number, string | null][])('hands %s to the full route, which answers it', async (_what, sent, status, code) => {
    const { got, lean } = await both(p, sent);
    expect(lean).toBe(false);
    expect(got.status).toBe(status);
    if (code) expect((got.body as { error: { code: string } }).error.code).toBe(code);
  });

  it('keeps serving after a client goes away in the middle of its body', async () => {
    const envId = `fast-${randomUUID()}`;
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${p.lean}/governance/owners/cus-acme/check`, { method: 'POST', headers: { ...governanceHeaders(envId), 'content-length': '100' } });
      req.on('error', () => resolve());
      req.write('{"entityIds":');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 20);
    });
    const { got, lean } = await both(p, { body: body(ordinary) });
    expect(lean).toBe(true);
    expect(got.status).toBe(200);
  });
});

describe('the lean route with limits and origins set', () => {
  let p: Pair;
  beforeAll(async () => {
    p = await pair({ maxBodySize: 256, corsOrigins: ['http://app.test'] });
  });
  afterAll(() => p.close());

  it('adds the allowed origin and Vary, as the full route does', async () => {
    const allowed = await both(p, { body: body(ordinary), headers: { origin: 'http://app.test' } });
    expect(allowed.lean).toBe(true);
    expect(allowed.got.headers).toEqual({ 'content-type': 'application/json', 'access-control-allow-origin': 'http://app.test', vary: 'Origin' });
    const other = await both(p, { body: body(ordinary), headers: { origin: 'http://elsewhere.test' } });
    expect(other.lean).toBe(true);
    expect(other.got.headers).toEqual({ 'content-type': 'application/json', 'access-control-allow-origin': undefined, vary: 'Origin' });
  });

  it('hands a body over --max-body-size to the full route (413)', async () => {
    const { got, lean } = await both(p, { body: body({ ...ordinary, pad: 'x'.repeat(300) }) });
    expect(lean).toBe(false);
    expect(got.status).toBe(413);
    expect((got.body as { error: { code: string } }).error.code).toBe('PayloadTooLarge');
  });
});

const INGEST = '/governance/owners/cus-acme/ingest';
const ingestOf = (b: unknown): Sent => ({ path: INGEST, body: body(b) });
const spend = (amount = 1, extra: Record<string, unknown> = {}) => ({ entityIds: ['drafter'], capabilityId: 'credits', amount, ...extra });
/** a check after the requests: the usage they counted, through the same server */
const usageCheck: Sent = { body: body({ entityIds: ['drafter'], capabilityId: 'credits', requestedAmount: 0 }) };

describe('the lean route of the governance ingest', () => {
  let p: Pair;
  beforeAll(async () => {
    p = await pair();
  });
  afterAll(() => p.close());

  it('answers an ordinary ingest itself, as the full route does (body, CORS, journal, the usage counted)', async () => {
    const { answers, journal, delegated } = await bothAll(p, [{ ...ingestOf({ events: [spend(2)] }), headers: { origin: 'http://app.test' } }, usageCheck]);
    expect(delegated).toBe(0);
    expect(answers[0]).toEqual({ status: 200, body: { accepted: 1, duplicates: 0 }, headers: { 'content-type': 'application/json', 'access-control-allow-origin': '*', vary: undefined } });
    expect((answers[1]!.body as { checks: { currentUsage: number }[] }).checks.map((c) => c.currentUsage)).toEqual([2, 2, 2, 2]);
    expect(journal![0]).toEqual({ transport: 'governance', operationName: 'ingest', variables: { events: [spend(2)] }, method: 'POST', path: INGEST, status: 'ok', httpStatus: 200, errorCodes: [] });
  });

  it('answers a single event, dimensions, timestamps, several events, a query string and a body in pieces itself', async () => {
    const text = body({ events: [spend(1)] });
    const { answers, delegated } = await bothAll(p, [
      ingestOf(spend(1)),
      ingestOf({ events: [{ dimensions: { teamId: 'team-eng', modelId: 'gpt-4o' }, capabilityId: 'ai-tokens', amount: 10 }] }),
      ingestOf({ events: [spend(1, { timestamp: '2024-12-31T00:00:00Z' }), spend(1, { timestamp: Date.parse('2025-01-01T00:00:00Z') }), spend(0)] }),
      { path: `${INGEST}?trace=1`, body: text },
      { path: INGEST, body: [text.slice(0, 10), text.slice(10, 30), text.slice(30)] },
      ingestOf({ events: [spend(1), spend(1)], note: 'x'.repeat(10_000) }),
      usageCheck,
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
    expect(delegated).toBe(0);
    expect(answers.slice(0, 6).map((a) => a.body)).toEqual([
      { accepted: 1, duplicates: 0 },
      { accepted: 1, duplicates: 0 },
      { accepted: 3, duplicates: 0 },
      { accepted: 1, duplicates: 0 },
      { accepted: 1, duplicates: 0 },
      { accepted: 2, duplicates: 0 },
    ]);
  });

  it('reads a header given twice as Node joins it, as the full route does', async () => {
    const { got, lean } = await both(p, { ...ingestOf({ events: [spend()] }), headers: { 'x-stigg-account-id': ['account-a', 'account-b'] } });
    expect(lean).toBe(true);
    expect(got.status).toBe(200);
  });

  it('counts an idempotency key once, as the full route does', async () => {
    const { answers, journal, delegated } = await bothAll(p, [
      ingestOf({ events: [spend(1, { idempotencyKey: 'k1' })] }),
      ingestOf({ events: [spend(1, { idempotencyKey: 'k1' })] }),
      ingestOf({ events: [spend(1, { idempotencyKey: 'k2' }), spend(1, { idempotencyKey: 'k1' }), spend(1, { idempotencyKey: 'k2' })] }),
      usageCheck,
    ]);
    expect(delegated).toBe(0);
    expect(answers.slice(0, 3).map((a) => a.body)).toEqual([
      { accepted: 1, duplicates: 0 },
      { accepted: 0, duplicates: 1 },
      { accepted: 1, duplicates: 2 },
    ]);
    expect((answers[3]!.body as { checks: { currentUsage: number }[] }).checks[0]!.currentUsage).toBe(2);
    expect(journal).toHaveLength(4);
  });

  it.each([
    ['no bearer token', { ...ingestOf({ events: [spend()] }), headers: { authorization: undefined } }, 401, 'Unauthenticated'],
    ['malformed JSON', { path: INGEST, body: '{"events": [' }, 400, 'BadUserInput'],
    ['an empty body', { path: INGEST, body: '' }, 400, 'BadUserInput'],
    ['no events', ingestOf({ events: [] }), 400, 'BadUserInput'],
    ['a negative amount', ingestOf({ events: [spend(-1)] }), 400, 'BadUserInput'],
    ['both entityIds and dimensions', ingestOf({ events: [{ ...spend(), dimensions: { team: 'team-eng' } }] }), 400, 'BadUserInput'],
    ['an unknown owner', { path: '/governance/owners/nobody/ingest', body: body({ events: [spend()] }) }, 404, 'CustomerNotFound'],
    ['an unknown entity', ingestOf({ events: [spend(1, { entityIds: ['ghost'] })] }), 404, 'NotFound'],
    ['a percent-escaped owner', { path: '/governance/owners/cus%2Dacme/ingest', body: body({ events: [spend()] }) }, 200, null],
    ['a chunked body', { path: INGEST, body: [body({ events: [spend()] }).slice(0, 5), body({ events: [spend()] }).slice(5)], chunked: true }, 200, null],
    ['a fault armed on the ingest', { ...ingestOf({ events: [spend()] }), faults: [{ route: 'governance.ingest', status: 503 }] }, 503, 'ServiceUnavailable'],
    ['a fault armed on the check', { ...ingestOf({ events: [spend()] }), faults: [{ route: 'governance.check', status: 500 }] }, 200, null],
  ] as [string, Sent, number | null, string | null][])('hands %s to the full route, which answers it', async (_what, sent, status, code) => {
    const { got, lean } = await both(p, sent);
    expect(lean).toBe(false);
    if (status !== null) expect(got.status).toBe(status);
    if (code) expect((got.body as { error: { code: string } }).error.code).toBe(code);
  });

  it('hands on an ingest that fails part-way (nothing counted) and one that would overflow a budget', async () => {
    const partway = await bothAll(p, [ingestOf({ events: [spend(1), spend(1, { entityIds: ['ghost'] })] }), usageCheck]);
    expect(partway.delegated).toBe(1);
    expect(partway.answers[0]!.status).toBe(404);
    expect((partway.answers[1]!.body as { checks: { currentUsage: number }[] }).checks[0]!.currentUsage).toBe(0);
    const huge = Number.MAX_SAFE_INTEGER;
    const overflow = await bothAll(p, [ingestOf({ events: [spend(huge)] }), ingestOf({ events: [spend(huge)] }), usageCheck]);
    expect(overflow.delegated).toBe(1);
    expect(overflow.answers.map((a) => a.status)).toEqual([200, 400, 200]);
  });

  it('counts nothing of a client that goes away in the middle of its body, and keeps serving', async () => {
    const envId = `fast-${randomUUID()}`;
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${p.lean}${INGEST}`, { method: 'POST', headers: { ...governanceHeaders(envId), 'content-length': '100' } });
      req.on('error', () => resolve());
      req.write('{"events":[{"entityIds":["drafter"],"capabilityId":"credits","amount":1}]');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 20);
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(p.emu.registry.find(envId)?.journal.list().filter((e) => e.transport === 'governance') ?? []).toEqual([]);
    const afterwards = await sendAll(p, p.lean, [usageCheck]);
    expect(afterwards.answers[0]!.status).toBe(200);
    const { answers, delegated } = await bothAll(p, [ingestOf({ events: [spend()] })]);
    expect(delegated).toBe(0);
    expect(answers[0]!.status).toBe(200);
  });
});

describe('the lean routes of a listening emulator under concurrent and pipelined requests (answers written once per turn of the event loop)', () => {
  let p: { emu: Emulator; lean: string };
  beforeAll(async () => {
    const emu = createEmulator({ config: { fixtures: [FIXTURE], startTime: START, edgePort: -1, port: 0 }, logger: createLogger('silent') });
    p = { emu, lean: (await emu.listen()).url };
  });
  afterAll(() => p.emu.close());

  it('answers 64 ingests sent at once, each once, and counts every one', async () => {
    const envId = `fast-${randomUUID()}`;
    const headers = governanceHeaders(envId);
    const answers = await Promise.all(
      Array.from({ length: 64 }, () => fetch(`${p.lean}${INGEST}`, { method: 'POST', headers, body: body({ events: [spend(1)] }) }).then(async (res) => ({ status: res.status, body: await res.json() }))),
    );
    expect(answers).toEqual(Array.from({ length: 64 }, () => ({ status: 200, body: { accepted: 1, duplicates: 0 } })));
    const check = await fetch(`${p.lean}/governance/owners/cus-acme/check`, { method: 'POST', headers, body: usageCheck.body as string });
    expect(((await check.json()) as { checks: { currentUsage: number }[] }).checks.map((c) => c.currentUsage)).toEqual([64, 64, 64, 64]);
  });

  it('answers requests pipelined on one connection in the order they were sent', async () => {
    const envId = `fast-${randomUUID()}`;
    const { port } = new URL(p.lean);
    const requestText = (path: string, text: string) =>
      [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(governanceHeaders(envId)).map(([k, v]) => `${k}: ${v}`), `Content-Length: ${Buffer.byteLength(text)}`, '', text].join('\r\n');
    const sent = [
      requestText(INGEST, body({ events: [spend(3)] })),
      requestText('/governance/owners/cus-acme/check', usageCheck.body as string),
      requestText(INGEST, body({ events: [spend(1), spend(1)] })),
      requestText('/governance/owners/cus-acme/check', usageCheck.body as string),
    ];
    // the answers as they arrive, each read by its Content-Length
    const bodies = await new Promise<any[]>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1');
      let buffer = Buffer.alloc(0);
      const parsed: any[] = [];
      socket.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        for (;;) {
          const end = buffer.indexOf('\r\n\r\n');
          if (end < 0) break;
          const head = buffer.subarray(0, end).toString('latin1');
          const length = Number(/content-length: (\d+)/i.exec(head)?.[1]);
          if (buffer.length < end + 4 + length) break;
          expect(head.startsWith('HTTP/1.1 200')).toBe(true);
          parsed.push(JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString('utf8')));
          buffer = buffer.subarray(end + 4 + length);
        }
        if (parsed.length === sent.length) {
          socket.end();
          resolve(parsed);
        }
      });
      socket.on('error', reject);
      // all four requests in one write: the server reads them in one turn
      socket.write(sent.join(''));
      setTimeout(() => reject(new Error(`answers incomplete: ${parsed.length}`)), 5000).unref();
    });
    expect(bodies[0]).toEqual({ accepted: 1, duplicates: 0 });
    expect(bodies[1].checks.map((c: { currentUsage: number }) => c.currentUsage)).toEqual([3, 3, 3, 3]);
    expect(bodies[2]).toEqual({ accepted: 2, duplicates: 0 });
    expect(bodies[3].checks.map((c: { currentUsage: number }) => c.currentUsage)).toEqual([5, 5, 5, 5]);
  });
});

describe('the lean ingest with limits and origins set', () => {
  let p: Pair;
  beforeAll(async () => {
    p = await pair({ maxBodySize: 256, corsOrigins: ['http://app.test'] });
  });
  afterAll(() => p.close());

  it('adds the allowed origin and Vary, and hands a body over --max-body-size to the full route (413)', async () => {
    const allowed = await bothAll(p, [{ ...ingestOf({ events: [spend()] }), headers: { origin: 'http://app.test' } }, { ...ingestOf({ events: [spend()] }), headers: { origin: 'http://elsewhere.test' } }]);
    expect(allowed.delegated).toBe(0);
    expect(allowed.answers.map((a) => a.headers)).toEqual([
      { 'content-type': 'application/json', 'access-control-allow-origin': 'http://app.test', vary: 'Origin' },
      { 'content-type': 'application/json', 'access-control-allow-origin': undefined, vary: 'Origin' },
    ]);
    const { got, lean } = await both(p, ingestOf({ events: [spend()], pad: 'x'.repeat(300) }));
    expect(lean).toBe(false);
    expect(got.status).toBe(413);
  });
});
