/**
 * Stigg's documented webhook events as data (schema/stigg-webhooks.json, read from Stigg's
 * per-event reference pages under https://docs.stigg.io/api-reference/): the type strings, each
 * body field's type, nullability, requiredness and enum, the embedded objects. The emulator shapes
 * every payload by it (conformPayload) and the tests validate every delivered payload against the
 * JSON Schema built from it (webhookJsonSchema).
 */
import catalogJson from '../../schema/stigg-webhooks.json' with { type: 'json' };

export type CatalogFieldType = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'any';

export interface CatalogField {
  type: CatalogFieldType;
  nullable: boolean;
  required: boolean;
  enum?: (string | number)[];
  format?: string;
  items?: string;
}

export interface CatalogEvent {
  category: string;
  fires: string;
  url: string;
  inScope: boolean;
  pageStored: boolean;
  fields: Record<string, CatalogField>;
  /** nested objects by field name; `addons[]` describes the items of the array `addons` */
  objects?: Record<string, Record<string, CatalogField>>;
  note?: string;
}

export interface WebhookCatalog {
  source: string;
  events: Record<string, CatalogEvent>;
  contradictions: string[];
}

export const webhookCatalog = catalogJson as unknown as WebhookCatalog;

/** The catalog's entry of a type string, or null when no Stigg page documents it. */
export function catalogEvent(type: string): CatalogEvent | null {
  return Object.hasOwn(webhookCatalog.events, type) ? webhookCatalog.events[type]! : null;
}

/** The type strings an emulator of subscriptions, entitlements, usage and credits sends (`inScope`). */
export const IN_SCOPE_EVENT_TYPES: readonly string[] = Object.entries(webhookCatalog.events)
  .filter(([, e]) => e.inScope)
  .map(([type]) => type);

/** The nested object schema of a field (`plan`, or `addons[]` for the items of `addons`). */
function nestedFields(event: CatalogEvent, field: string): Record<string, CatalogField> | null {
  return event.objects?.[field] ?? event.objects?.[`${field}[]`] ?? null;
}

/** Thrown when a payload lacks a field its page marks required (the event is not sent). */
export class IncompletePayloadError extends Error {
  constructor(
    readonly type: string,
    readonly missing: string[],
  ) {
    super(`cannot build ${type}: required ${missing.length === 1 ? 'field' : 'fields'} ${missing.join(', ')} missing or null`);
    this.name = 'IncompletePayloadError';
  }
}

function conformObject(fields: Record<string, unknown>, spec: Record<string, CatalogField>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(fields)) {
    const value = fields[name];
    const field = spec[name];
    // an optional field the page prints without `| null` is left out rather than sent as null
    if (value === undefined || (value === null && field && !field.nullable)) continue;
    out[name] = value;
  }
  return out;
}

/** What conformPayload needs of an event's page, gathered once per type (the catalog is constant). */
interface ConformSpec {
  event: CatalogEvent;
  fields: Record<string, CatalogField>;
  /** the nested object schema by field name (null: none), as looked up */
  nested: Map<string, Record<string, CatalogField> | null>;
  /** the required fields, with whether null is allowed */
  required: [string, boolean][];
}

const conformSpecs = new Map<string, ConformSpec | null>();

function conformSpec(type: string): ConformSpec | null {
  let spec = conformSpecs.get(type);
  if (spec === undefined) {
    const event = catalogEvent(type);
    spec = event && {
      event,
      fields: event.fields,
      nested: new Map(),
      required: Object.entries(event.fields)
        .filter(([, field]) => field.required)
        .map(([name, field]) => [name, field.nullable]),
    };
    conformSpecs.set(type, spec);
  }
  return spec;
}

/**
 * A payload as its page defines it: nulls of optional non-nullable fields (top level and in the
 * embedded objects) are left out; a required field missing or null is IncompletePayloadError.
 * Fields the page does not list are kept: the conformance test reports them.
 */
export function conformPayload(type: string, payload: Record<string, unknown>): Record<string, unknown> {
  const spec = conformSpec(type);
  if (!spec) return payload;
  const out = conformObject(payload, spec.fields);
  for (const name of Object.keys(out)) {
    const value = out[name];
    let nested = spec.nested.get(name);
    if (nested === undefined) spec.nested.set(name, (nested = nestedFields(spec.event, name)));
    if (!nested || value === null || typeof value !== 'object') continue;
    out[name] = Array.isArray(value)
      ? value.map((item) => (item !== null && typeof item === 'object' ? conformObject(item as Record<string, unknown>, nested) : item))
      : conformObject(value as Record<string, unknown>, nested);
  }
  const missing = spec.required.filter(([name, nullable]) => out[name] === undefined || (out[name] === null && !nullable)).map(([name]) => name);
  if (missing.length > 0) throw new IncompletePayloadError(type, missing);
  return out;
}

type JsonSchema = Record<string, unknown>;

function fieldSchema(field: CatalogField, nested: Record<string, CatalogField> | null): JsonSchema {
  const types: string[] = field.type === 'any' ? [] : [field.type];
  const schema: JsonSchema = {};
  if (types.length > 0) schema.type = field.nullable ? [...types, 'null'] : types[0];
  if (field.enum) schema.enum = field.nullable ? [...field.enum, null] : [...field.enum];
  if (field.format === 'date-time') schema.format = 'date-time';
  if (nested) {
    const object = objectSchema(nested);
    if (field.type === 'array') schema.items = object;
    else if (field.type === 'object') Object.assign(schema, { properties: object.properties, additionalProperties: false });
  }
  return schema;
}

function objectSchema(spec: Record<string, CatalogField>, nestedOf: (name: string) => Record<string, CatalogField> | null = () => null): JsonSchema & { properties: Record<string, JsonSchema> } {
  const properties: Record<string, JsonSchema> = {};
  for (const [name, field] of Object.entries(spec)) properties[name] = fieldSchema(field, nestedOf(name));
  const required = Object.entries(spec)
    .filter(([, f]) => f.required)
    .map(([name]) => name);
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
}

/**
 * The JSON Schema of one documented event: its fields with their types, nullability, enums and
 * required list; the embedded objects the pages describe; no field the pages do not list.
 */
export function webhookJsonSchema(type: string): JsonSchema | null {
  const event = catalogEvent(type);
  if (!event) return null;
  return { $id: `stigg-webhook:${type}`, ...objectSchema(event.fields, (name) => nestedFields(event, name)) };
}
