/**
 * Fuzz suite, hostile inputs (fast-check, fixed seed and run count), over a real socket on
 * 127.0.0.1:
 *   - instants in every ISO-8601 form and far outside the accepted range (1970..9999), sent to the
 *     clock, GraphQL `DateTime` variables, fixtures and governance ingest: never a 5xx or
 *     UnexpectedError, and whatever is accepted stays inside the range;
 *   - huge GraphQL variables (long strings, wide arrays, deep objects) below and above the body limit;
 *   - huge import bodies of generated invalid items: a 4xx with a bounded list of problems;
 *   - cross-origin requests to the control plane and the inspector: a state change from a foreign
 *     origin is refused and changes nothing; a foreign page gets no CORS grant to read answers.
 * After each group the process still answers.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import { testEmulator } from '../support/emulator.js';

const SEED = 20261207;
const MIN = Date.parse('1970-01-01T00:00:00.000Z');
const MAX = Date.parse('9999-12-31T23:59:59.999Z');

let emu: Emulator;
let url: string;
let host: string;

beforeAll(async () => {
  emu = testEmulator();
  url = (await emu.listen()).url;
  host = new URL(url).host;
});
afterAll(() => emu.close());

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let json: any = text;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: judged as text
  }
  return { status: res.status, body: json, headers: res.headers };
}

interface Problem {
  what: string;
  status: number;
  body: unknown;
}
const problemsOf = (what: string, status: number, body: unknown): Problem[] =>
  status >= 500 || JSON.stringify(body ?? null).includes('UnexpectedError') ? [{ what, status, body: JSON.stringify(body).slice(0, 400) }] : [];

const expectServing = async () => {
  expect((await call('GET', '/_emulator/health')).status).toBe(200);
  const answer = await call('POST', '/graphql', { query: '{ sdkConfiguration { sentryDsn } }' }, { 'x-api-key': 'server-hostile-after' });
  expect(answer.status).toBe(200);
};

// ------------------------------------------------------------------------------------ instants

const pad = (n: number, width: number) => String(Math.abs(n)).padStart(width, '0');
const year = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1970, max: 2100 }) },
  { weight: 2, arbitrary: fc.constantFrom(0, 1, 1969, 9998, 9999, 10000, 99999, 275760, -1, -271821) },
  { weight: 1, arbitrary: fc.integer({ min: -300_000, max: 300_000 }) },
);
const yearText = (y: number, expanded: boolean) => (expanded || y < 0 || y > 9999 ? `${y < 0 ? '-' : '+'}${pad(y, 6)}` : pad(y, 4));
/** An instant in one of ISO-8601's forms (extended, basic, date only, week, ordinal, expanded years, offsets, 0-9 fraction digits), valid or not. */
const isoInstant = fc
  .record({
    y: year,
    expanded: fc.boolean(),
    mo: fc.integer({ min: 0, max: 13 }),
    d: fc.integer({ min: 0, max: 32 }),
    h: fc.integer({ min: 0, max: 25 }),
    mi: fc.integer({ min: 0, max: 60 }),
    s: fc.integer({ min: 0, max: 61 }),
    fraction: fc.nat({ max: 999_999_999 }).chain((n) => fc.integer({ min: 0, max: 9 }).map((digits) => (digits === 0 ? '' : `.${pad(n, 9).slice(0, digits)}`))),
    zone: fc.constantFrom('Z', 'z', '', '+00:00', '-00:00', '+05:30', '-12:00', '+14:00', '+0530', '+05', '+24:00'),
    separator: fc.constantFrom('T', 't', ' '),
    form: fc.constantFrom('extended', 'extended', 'extended', 'basic', 'date', 'week', 'ordinal', 'no-seconds'),
  })
  .map(({ y, expanded, mo, d, h, mi, s, fraction, zone, separator, form }) => {
    const Y = yearText(y, expanded);
    switch (form) {
      case 'basic':
        return `${Y}${pad(mo, 2)}${pad(d, 2)}T${pad(h, 2)}${pad(mi, 2)}${pad(s, 2)}${fraction}${zone.replace(':', '')}`;
      case 'date':
        return `${Y}-${pad(mo, 2)}-${pad(d, 2)}`;
      case 'week':
        return `${Y}-W${pad(d, 2)}-${(h % 8) + 1}`;
      case 'ordinal':
        return `${Y}-${pad(d * 12, 3)}`;
      case 'no-seconds':
        return `${Y}-${pad(mo, 2)}-${pad(d, 2)}${separator}${pad(h, 2)}:${pad(mi, 2)}${zone}`;
      default:
        return `${Y}-${pad(mo, 2)}-${pad(d, 2)}${separator}${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${fraction}${zone}`;
    }
  });
const instant = fc.oneof(
  { weight: 6, arbitrary: isoInstant },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '1969-12-31T23:59:59.999Z',
      '1970-01-01T00:00:00.000Z',
      '9999-12-31T23:59:59.999Z',
      '+010000-01-01T00:00:00Z',
      '+275760-09-13T00:00:00Z',
      '-000001-01-01T00:00:00Z',
      '2026-06-30T23:59:60Z',
      '2026-02-30T00:00:00Z',
      'yesterday',
      '',
      ' ',
      '1e12',
    ),
  },
  { weight: 2, arbitrary: fc.oneof(fc.integer({ min: -1, max: 253_402_300_800_001 }), fc.constantFrom(8.64e15, -8.64e15, 1e300, -0, 0.5)) },
);

/** Every instant an answer shows (ISO strings inside its JSON) lies in 1970..9999. */
function outOfRange(body: unknown): string[] {
  const found: string[] = [];
  const text = JSON.stringify(body ?? null);
  for (const match of text.matchAll(/"([+-]?\d{4,6}-\d{2}-\d{2}T[^"]*)"/g)) {
    const ms = Date.parse(match[1]!);
    if (Number.isNaN(ms) || ms < MIN || ms > MAX) found.push(match[1]!);
  }
  return found;
}

describe('fuzz: hostile inputs', () => {
  it('instants in every ISO form and far outside 1970..9999: clock, GraphQL DateTime, fixtures, ingest', { timeout: 240_000 }, async () => {
    const problems: Problem[] = [];
    const escaped: string[] = [];
    let env = 0;
    const target = fc.constantFrom('clock', 'reportEvent', 'provision', 'fixtures', 'ingest');
    await fc.assert(
      fc.asyncProperty(target, instant, async (where, value) => {
        // a fresh, empty environment for each clock move, so every move starts from the same instant
        const id = `hostile-instants-${where === 'clock' ? env++ : 'shared'}`;
        const serverKey = `server-${id}`;
        let answer: Awaited<ReturnType<typeof call>>;
        switch (where) {
          case 'clock':
            answer = await call('POST', `/_emulator/environments/${id}/clock`, { to: value });
            if (answer.status === 200) escaped.push(...outOfRange((await call('GET', `/_emulator/environments/${id}/clock`)).body));
            break;
          case 'reportEvent':
            answer = await call(
              'POST',
              '/graphql',
              {
                query: 'mutation ($input: UsageEventsReportInput!) { reportEvent(events: $input) }',
                variables: { input: { usageEvents: [{ customerId: 'customer-demo-01', eventName: 'api-call', idempotencyKey: `k-${String(value)}`, timestamp: value }] } },
              },
              { 'x-api-key': serverKey },
            );
            break;
          case 'provision':
            answer = await call(
              'POST',
              '/graphql',
              {
                query: 'mutation ($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { customer { customerId createdAt } subscription { startDate currentBillingPeriodEnd } } }',
                variables: { input: { customerId: `c-${Math.abs(String(value).length)}`, subscriptionParams: { planId: 'plan-revvenu-basic', startDate: value } } },
              },
              { 'x-api-key': serverKey },
            );
            if (answer.status === 200) escaped.push(...outOfRange(answer.body));
            break;
          case 'fixtures':
            answer = await call('POST', `/_emulator/environments/${id}/fixtures`, { customers: [{ id: 'c-fixture', createdAt: value }] });
            break;
          default:
            answer = await call(
              'POST',
              '/governance/owners/customer-demo-01/ingest',
              { events: [{ entityIds: ['org-1'], capabilityId: 'cap', amount: 1, idempotencyKey: `i-${String(value)}`, timestamp: value }] },
              { authorization: 'Bearer fuzz', 'x-stigg-account-id': 'acc', 'x-stigg-environment-id': id },
            );
        }
        const found = problemsOf(`${where} ${JSON.stringify(value)}`, answer.status, answer.body);
        problems.push(...found);
        return found.length === 0;
      }),
      { seed: SEED, numRuns: 400, endOnFailure: true },
    );
    expect(problems).toEqual([]);
    expect(escaped).toEqual([]);
    // whatever was accepted exports and imports back
    const exported = await call('GET', '/_emulator/environments/hostile-instants-shared/export');
    expect(exported.status).toBe(200);
    expect(outOfRange(exported.body)).toEqual([]);
    expect((await call('POST', '/_emulator/environments/hostile-instants-shared/import', exported.body)).status).toBe(200);
    await expectServing();
  });

  it('huge GraphQL variables below and above the body limit (4 MiB): a clear 4xx or an answer, never a 5xx', { timeout: 240_000 }, async () => {
    const shapes = fc.constantFrom('string', 'wide', 'deep', 'many-keys');
    const sizes = fc.constantFrom(256 * 1024, 1024 * 1024, 3.5 * 1024 * 1024, 6 * 1024 * 1024);
    const problems: Problem[] = [];
    await fc.assert(
      fc.asyncProperty(shapes, sizes, async (shape, bytes) => {
        const n = Math.floor(bytes / 8);
        const query = 'mutation ($input: ProvisionCustomerInput!) { provisionCustomer(input: $input) { customer { customerId } } }';
        // built as text: a value nested hundreds of thousands deep is more than JSON.stringify can walk
        const value =
          shape === 'string'
            ? JSON.stringify('x'.repeat(bytes))
            : shape === 'wide'
              ? `[${Array.from({ length: n }, (_, i) => i).join(',')}]`
              : shape === 'many-keys'
                ? `{${Array.from({ length: Math.floor(bytes / 16) }, (_, i) => `"k${i}":${i}`).join(',')}}`
                : `${'{"a":'.repeat(Math.floor(bytes / 5))}1${'}'.repeat(Math.floor(bytes / 5))}`;
        const input = shape === 'string' ? `{"customerId":${value}}` : `{"customerId":"c-huge","additionalMetaData":{"value":${value}}}`;
        const body = `{"query":${JSON.stringify(query)},"variables":{"input":${input}}}`;
        const answer = await call('POST', '/graphql', body, { 'x-api-key': 'server-hostile-variables' });
        const found = problemsOf(`${shape} ${bytes}`, answer.status, answer.body);
        if (bytes > 4 * 1024 * 1024 && answer.status !== 413) found.push({ what: `${shape} ${bytes} above the limit`, status: answer.status, body: answer.body });
        problems.push(...found);
        return found.length === 0;
      }),
      { seed: SEED, numRuns: 16, endOnFailure: true },
    );
    expect(problems).toEqual([]);
    // the journal keeps previews, not the variables
    const journal = await call('GET', '/_emulator/environments/hostile-variables/requests');
    expect(journal.status).toBe(200);
    expect(JSON.stringify(journal.body).length).toBeLessThan(16 * 40 * 1024);
    await expectServing();
  });

  it('huge import bodies of generated invalid items: 4xx with at most 100 problems and a count', { timeout: 240_000 }, async () => {
    const junk = fc.constantFrom('{}', '{"id":1}', '{"id":""}', '{"id":"c","createdAt":"+275760-09-13T00:00:00Z"}', '[]', 'null', '"x"', '{"id":"c","metadata":{"a":{"b":{}}}}');
    const sections = fc.constantFrom('customers', 'features', 'plans', 'subscriptions', 'credits');
    const problems: Problem[] = [];
    await fc.assert(
      fc.asyncProperty(sections, junk, fc.constantFrom(2, 12, 24), async (section, item, megabytes) => {
        const count = Math.floor((megabytes * 1024 * 1024) / (item.length + 1));
        const body = `{"${section}":[${`${item},`.repeat(count - 1)}${item}]}`;
        const answer = await call('POST', '/_emulator/environments/hostile-import/import', body);
        const found = problemsOf(`${section} ${item} ${megabytes} MB`, answer.status, answer.body);
        if (answer.status < 400) found.push({ what: `${section} ${item} ${megabytes} MB accepted`, status: answer.status, body: answer.body });
        const message = String(answer.body?.error?.message ?? '');
        if (message.split('\n').length > 101 || message.length > 64 * 1024) found.push({ what: `${section} ${item}: unbounded problem list`, status: answer.status, body: message.slice(0, 400) });
        problems.push(...found);
        return found.length === 0;
      }),
      { seed: SEED, numRuns: 8, endOnFailure: true },
    );
    expect(problems).toEqual([]);
    await expectServing();
  });

  it('cross-origin requests to the control plane and the inspector: refused state changes change nothing; no CORS grant to read', { timeout: 120_000 }, async () => {
    const env = 'hostile-origin';
    expect((await call('POST', `/_emulator/environments/${env}/clock`, { frozen: true })).status).toBe(200);
    const before = JSON.stringify((await call('GET', `/_emulator/environments/${env}/export`)).body);
    const origin = fc.oneof(
      fc.constantFrom('http://evil.test', 'null', 'https://127.0.0.1.evil.test', `http://${host}.evil.test`, 'file://', 'http://localhost:1', 'http://[::1]:1'),
      fc.webUrl().map((u) => new URL(u).origin),
    );
    const change = fc.record({
      method: fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE'),
      path: fc.constantFrom(
        `/_emulator/environments/${env}/clock`,
        `/_emulator/environments/${env}/reset`,
        `/_emulator/environments/${env}`,
        `/_emulator/environments/${env}/import`,
        `/_emulator/environments/${env}/fixtures`,
        `/_emulator/environments/${env}/snapshots`,
        `/_emulator/environments/${env}/faults`,
        `/_emulator/environments/${env}/webhooks/endpoints`,
        `/_emulator/ui/environments/${env}/actions/reset`,
        `/_emulator/ui/environments/${env}/actions/clock`,
      ),
      body: fc.constantFrom({ advance: 'P30D' }, { customers: [{ id: 'c-evil' }] }, {}),
      contentType: fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain'),
    });
    const read = fc.constantFrom(`/_emulator/environments/${env}/export`, '/_emulator/environments', `/_emulator/environments/${env}/requests`, `/_emulator/environments/${env}/clock`, '/_emulator/info');
    const problems: Problem[] = [];
    await fc.assert(
      fc.asyncProperty(origin, fc.oneof(change, read), async (from, request) => {
        if (typeof request === 'string') {
          const answer = await call('GET', request, undefined, { origin: from });
          const grant = answer.headers.get('access-control-allow-origin');
          if (grant !== null) problems.push({ what: `GET ${request} from ${from} granted ${grant}`, status: answer.status, body: null });
          return grant === null;
        }
        const body = request.contentType === 'application/json' ? request.body : 'advance=P30D';
        const answer = await call(request.method, request.path, body, { origin: from, 'content-type': request.contentType });
        const found = answer.status === 403 ? [] : [{ what: `${request.method} ${request.path} from ${from}`, status: answer.status, body: answer.body }];
        problems.push(...found);
        return found.length === 0;
      }),
      { seed: SEED, numRuns: 300, endOnFailure: true },
    );
    expect(problems).toEqual([]);
    expect(JSON.stringify((await call('GET', `/_emulator/environments/${env}/export`)).body)).toBe(before);
    await expectServing();
  });
});
