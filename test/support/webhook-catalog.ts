/**
 * Validates webhook payloads against Stigg's documented events (schema/stigg-webhooks.json) with
 * ajv: the type string documented, required fields present with their types, enums documented, no
 * field the page does not list (the envelope's messageId / traceId / timestamp, which the webhooks
 * overview page describes for every event, are allowed on every type).
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { catalogEvent, webhookJsonSchema } from '../../src/webhooks/webhook-catalog.js';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addFormat('date-time', { type: 'string', validate: (s: string) => ISO_INSTANT.test(s) && !Number.isNaN(Date.parse(s)) });

const ENVELOPE = {
  messageId: { type: 'string' },
  traceId: { type: 'string' },
  timestamp: { type: 'string', format: 'date-time' },
};

const validators = new Map<string, ValidateFunction>();

function validatorOf(type: string): ValidateFunction | null {
  let fn = validators.get(type);
  if (fn) return fn;
  const schema = webhookJsonSchema(type) as { properties: Record<string, unknown> } | null;
  if (!schema) return null;
  schema.properties = { ...ENVELOPE, ...schema.properties };
  fn = ajv.compile(schema);
  validators.set(type, fn);
  return fn;
}

/** The ways a delivered payload departs from its documented event (empty when it conforms). */
export function webhookProblems(payload: Record<string, unknown>): string[] {
  const type = payload.type;
  if (typeof type !== 'string') return ['payload has no type string'];
  if (!catalogEvent(type)) return [`${type}: no Stigg page documents this type string`];
  const validate = validatorOf(type)!;
  if (validate(payload)) return [];
  return (validate.errors ?? []).map((e) => {
    const where = e.instancePath || '(payload)';
    const extra = e.keyword === 'additionalProperties' ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'` : '';
    const allowed = e.keyword === 'enum' ? ` ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}` : '';
    return `${type} ${where}: ${e.message}${extra}${allowed}`;
  });
}
