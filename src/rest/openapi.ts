/**
 * The OpenAPI 3.1 document of the REST API the emulator serves (`GET /api/openapi.json`),
 * generated from the same zod schemas the routes validate with (zod's own JSON Schema output,
 * draft 2020-12, which OpenAPI 3.1 uses), so it cannot drift from what is served. Methods the
 * emulator does not serve are listed with their 501 answer and the reason.
 */
import { z } from 'zod';
import type { RestMethodDeclaration } from './route.js';

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any', reused: 'inline' }) as JsonSchema;
  return rest;
};

const errorSchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
    },
  },
};

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

const paginationSchema: JsonSchema = {
  type: 'object',
  properties: { next: { type: ['string', 'null'] }, prev: { type: ['string', 'null'] } },
};

function parametersOf(schema: z.ZodType | null, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const json = toSchema(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: property,
    ...(property.type === 'object' ? { style: 'deepObject', explode: true } : {}),
    ...(property.type === 'array' ? { style: 'form', explode: false } : {}),
  }));
}

const operationIdOf = (sdk: string) => sdk.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ? ch.toUpperCase() : ''));

export function openApiDocument(methods: readonly RestMethodDeclaration[], version: string): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const m of methods) {
    const item = (paths[m.path] ??= {});
    const tag = m.sdk.split('.').slice(0, 2).join('.');
    const common = {
      operationId: operationIdOf(m.sdk),
      tags: [tag],
      security: [{ ApiKey: [] }],
    };
    if (m.kind === 'notSupported') {
      item[m.method] = {
        ...common,
        summary: `${m.sdk}: not supported by the emulator`,
        description: m.reason,
        parameters: parametersOf(z.object(Object.fromEntries([...m.path.matchAll(/\{(\w+)\}/g)].map((x) => [x[1]!, z.string()]))), 'path'),
        'x-emulator-status': 'not-supported',
        responses: { '501': errorResponse(`NotSupportedByEmulator: ${m.reason}`) },
      };
      continue;
    }
    if (m.kind === 'external') {
      item[m.method] = {
        ...common,
        summary: m.summary,
        description: `Served by the emulator's ${m.servedBy}.`,
        parameters: parametersOf(z.object(Object.fromEntries([...m.path.matchAll(/\{(\w+)\}/g)].map((x) => [x[1]!, z.string()]))), 'path'),
        'x-emulator-status': 'served',
        responses: {
          '200': { description: 'OK', content: { 'application/json': { schema: { type: 'object', required: ['data'], properties: { data: {} } } } } },
          '400': errorResponse('invalid input'),
          '401': errorResponse('missing or unknown API key'),
          '404': errorResponse('unknown id'),
        },
      };
      continue;
    }
    const data = m.data ? toSchema(m.data, 'output') : {};
    const envelope: JsonSchema = m.list
      ? { type: 'object', required: ['data', 'pagination'], properties: { data: { type: 'array', items: data }, pagination: { $ref: '#/components/schemas/Pagination' } } }
      : { type: 'object', required: ['data'], properties: { data } };
    item[m.method] = {
      ...common,
      summary: m.summary,
      'x-emulator-status': 'served',
      parameters: [...parametersOf(m.params, 'path'), ...parametersOf(m.query, 'query')],
      ...(m.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(m.body, 'input') } } } } : {}),
      responses: {
        [String(m.status)]: { description: 'OK', content: { 'application/json': { schema: envelope } } },
        '400': errorResponse('invalid input: every field problem listed'),
        '401': errorResponse('missing or unknown API key'),
        '404': errorResponse('unknown id'),
        '409': errorResponse('conflict'),
        '422': errorResponse("a rule violation, with Stigg's error code"),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Stigg REST API (stigg-emulator)',
      version,
      description: "The part of Stigg's REST API the emulator serves, on the same environments as its GraphQL API. Methods marked `x-emulator-status: not-supported` answer 501.",
    },
    servers: [{ url: '/' }],
    security: [{ ApiKey: [] }],
    components: {
      securitySchemes: { ApiKey: { type: 'apiKey', in: 'header', name: 'X-API-KEY' } },
      schemas: { Error: errorSchema, Pagination: paginationSchema },
    },
    paths,
  };
}
