/**
 * The REST API's common behaviour, on routes declared for the test over a real registry: the
 * envelope and pages, input validation listing every problem, the status of each kind of error
 * (the REST SDKs pick their error classes by it), 501 for a method not served, keys, faults and
 * the request journal. And the generated OpenAPI document, validated as OpenAPI 3.1.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createEmulator, type Emulator } from '../../src/emulator.js';
import { EmulatorError } from '../../src/errors.js';
import { createLogger } from '../../src/logging/logger.js';
import { createRestApp } from '../../src/rest/app.js';
import { openApiDocument } from '../../src/rest/openapi.js';
import { listRoute, notSupported, queryBoolean, queryList, route } from '../../src/rest/route.js';

let emu: Emulator;
let app: Hono;
let counted = 0;
const items = Array.from({ length: 5 }, (_, i) => ({ id: `item-${i + 1}`, n: i + 1 }));

const methods = [
  route({ sdk: 'test.echo', method: 'post', path: '/api/v1/echo/{id}', summary: 'echo', body: z.object({ name: z.string().min(1), count: z.number().int() }), data: z.object({ id: z.string() }) }, ({ params, body, env }) => ({
    id: params.id,
    ...body,
    env: env.id,
  })),
  route(
    { sdk: 'test.query', method: 'get', path: '/api/v1/query', summary: 'query', query: z.object({ ids: queryList().optional(), flag: queryBoolean.optional(), dims: z.record(z.string(), z.string()).optional() }), client: true },
    ({ query }) => query,
  ),
  listRoute({ sdk: 'test.list', method: 'get', path: '/api/v1/items', summary: 'list' }, () => items),
  route({ sdk: 'test.rule', method: 'post', path: '/api/v1/rule', summary: 'rule' }, () => {
    throw new EmulatorError('CustomerAlreadyHaveCustomerCoupon', 'a rule was broken');
  }),
  route({ sdk: 'test.missing', method: 'get', path: '/api/v1/missing/{id}', summary: 'missing' }, ({ params }) => {
    throw new EmulatorError('CustomerNotFound', `Customer not found: ${params.id}`, 404);
  }),
  route({ sdk: 'test.conflict', method: 'post', path: '/api/v1/conflict', summary: 'conflict' }, () => {
    throw new EmulatorError('DuplicatedEntityNotAllowed', 'exists already', 409);
  }),
  route({ sdk: 'test.count', method: 'post', path: '/api/v1/count', summary: 'count', status: 201 }, () => ({ n: ++counted })),
  notSupported('test.invoices', 'get', '/api/v1/invoices', 'the emulator keeps no invoices'),
];

beforeAll(() => {
  emu = createEmulator({ logger: createLogger('silent') });
  app = createRestApp({ registry: emu.registry, logger: emu.logger, methods });
});
afterAll(() => emu.close());

const call = async (method: string, path: string, body?: unknown, key = 'server-rest-core') => {
  const res = await app.request(path, { method, headers: { 'x-api-key': key, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any, retry: res.headers.get('x-should-retry') };
};

describe('REST core', () => {
  it('answers { data } with path parameters and the parsed body, in the environment the key names', async () => {
    const res = await call('POST', '/api/v1/echo/abc', { name: 'x', count: 2 });
    expect(res).toMatchObject({ status: 200, body: { data: { id: 'abc', name: 'x', count: 2, env: 'rest-core' } } });
  });

  it('lists every field problem of an invalid body in one 400', async () => {
    const res = await call('POST', '/api/v1/echo/abc', { name: '', count: 1.5 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BadUserInput');
    expect(res.body.error.message).toMatch(/body\.name/);
    expect(res.body.error.message).toMatch(/body\.count/);
    expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toEqual(['body.name', 'body.count']);
    expect((await call('POST', '/api/v1/echo/abc', undefined)).status).toBe(400);
  });

  it('reads comma-separated lists, booleans and nested query objects as the SDKs write them', async () => {
    const res = await call('GET', '/api/v1/query?ids=a,b&ids=c&flag=true&dims[teamId]=t1&dims[orgId]=o1');
    expect(res.body.data).toEqual({ ids: ['a', 'b', 'c'], flag: true, dims: { teamId: 't1', orgId: 'o1' } });
    expect((await call('GET', '/api/v1/query?flag=yes')).status).toBe(400);
  });

  it('pages a list with after, before and limit, with cursors in pagination', async () => {
    const first = await call('GET', '/api/v1/items?limit=2');
    expect(first.body).toEqual({ data: items.slice(0, 2), pagination: { next: 'item-2', prev: null } });
    const second = await call('GET', '/api/v1/items?limit=2&after=item-2');
    expect(second.body).toEqual({ data: items.slice(2, 4), pagination: { next: 'item-4', prev: 'item-3' } });
    const back = await call('GET', '/api/v1/items?limit=2&before=item-3');
    expect(back.body.data).toEqual(items.slice(0, 2));
    expect((await call('GET', '/api/v1/items?limit=0')).status).toBe(400);
    expect((await call('GET', '/api/v1/items?after=nope')).status).toBe(400);
    expect((await call('GET', '/api/v1/items')).body.data).toHaveLength(5);
  });

  it("maps errors to the statuses the SDKs' error classes stand for, without retries", async () => {
    expect(await call('POST', '/api/v1/rule')).toMatchObject({ status: 422, retry: 'false', body: { error: { code: 'CustomerAlreadyHaveCustomerCoupon', message: 'a rule was broken' } } });
    expect(await call('GET', '/api/v1/missing/x')).toMatchObject({ status: 404, body: { error: { code: 'CustomerNotFound' } } });
    expect(await call('POST', '/api/v1/conflict')).toMatchObject({ status: 409, retry: 'false', body: { error: { code: 'DuplicatedEntityNotAllowed' } } });
  });

  it('answers 501 naming the operation for a method the emulator does not serve', async () => {
    const res = await call('GET', '/api/v1/invoices');
    expect(res.status).toBe(501);
    expect(res.retry).toBe('false');
    expect(res.body.error.code).toBe('NotSupportedByEmulator');
    expect(res.body.error.message).toContain('test.invoices');
    expect(res.body.error.message).toContain('the emulator keeps no invoices');
  });

  it('answers 401 without a key, 403 for a client key on a server method', async () => {
    expect(await call('GET', '/api/v1/items', undefined, '')).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'Invalid or missing API key' } } });
    expect((await call('GET', '/api/v1/items', undefined, 'client-rest-core')).status).toBe(403);
    expect((await call('GET', '/api/v1/query', undefined, 'client-rest-core')).status).toBe(200);
  });

  it("applies faults of the v1 route family and of one method, and journals each request under its SDK name", async () => {
    const env = emu.registry.get('rest-faults');
    env.faults.add({ route: 'test.list', status: 503, times: 1 });
    expect((await call('GET', '/api/v1/items', undefined, 'server-rest-faults')).status).toBe(503);
    expect((await call('GET', '/api/v1/items', undefined, 'server-rest-faults')).status).toBe(200);
    env.faults.add({ route: 'v1', errorCode: 'RateLimitExceeded', times: 1 });
    expect((await call('POST', '/api/v1/echo/a', { name: 'n', count: 1 }, 'server-rest-faults')).status).toBe(429);
    const journal = env.journal.list().filter((e) => e.transport === 'rest');
    expect(journal.map((e) => [e.operationName, e.httpStatus])).toEqual([
      ['test.list', 503],
      ['test.list', 200],
      ['test.echo', 429],
    ]);
  });
});

describe('Idempotency-Key', () => {
  const post = (key: string | null, env = 'rest-idem') =>
    app.request('/api/v1/count', { method: 'POST', headers: { 'x-api-key': `server-${env}`, ...(key === null ? {} : { 'idempotency-key': key }) } });

  it('answers the first success again for the same key without running the method again', async () => {
    const first = await post('k-1');
    const again = await post('k-1');
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(await first.json());
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = (await (await post('k-2')).json()) as { data: { n: number } };
    const none = (await (await post(null)).json()) as { data: { n: number } };
    expect(none.data.n).toBe(other.data.n + 1);
  });

  it('keeps keys per environment and forgets them when the environment is reset', async () => {
    const a = (await (await post('k-3', 'rest-idem-a')).json()) as { data: { n: number } };
    const b = (await (await post('k-3', 'rest-idem-b')).json()) as { data: { n: number } };
    expect(b.data.n).toBe(a.data.n + 1);
    emu.registry.reset('rest-idem-a');
    const afterReset = (await (await post('k-3', 'rest-idem-a')).json()) as { data: { n: number } };
    expect(afterReset.data.n).toBe(b.data.n + 1);
  });

  it('refuses an empty or overlong key', async () => {
    expect((await post(' ')).status).toBe(400);
    expect((await post('x'.repeat(256))).status).toBe(400);
  });
});

describe('the OpenAPI document', () => {
  it('is served at /api/openapi.json and validates as OpenAPI 3.1', async () => {
    const res = await emu.request('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { 'x-emulator-status': string }>> };
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.paths['/api/v1/customers/{id}']?.get?.['x-emulator-status']).toBe('served');
  });

  it("is generated from the routes' schemas: bodies, queries, pages and 501s", async () => {
    const doc = openApiDocument(methods, 'test') as any;
    expect(await new Validator().validate(doc)).toMatchObject({ valid: true });
    const echo = doc.paths['/api/v1/echo/{id}'].post;
    expect(echo.requestBody.content['application/json'].schema).toMatchObject({ type: 'object', required: ['name', 'count'] });
    expect(echo.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);
    const list = doc.paths['/api/v1/items'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(['after', 'before', 'limit']);
    expect(list.responses['200'].content['application/json'].schema.required).toEqual(['data', 'pagination']);
    expect(doc.paths['/api/v1/invoices'].get.responses).toHaveProperty('501');
  });
});
