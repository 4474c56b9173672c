/**
 * The `customers` root query: the environment's customers (archived ones left out, as their reads
 * answer CustomerNotFound), filtered, sorted and paged like Stigg's other list queries
 * (nestjs-query `filter`, `sorting`, cursor `paging`), newest first by default.
 */
import { eq } from 'drizzle-orm';
import { toConnection, type Connection, type CursorPaging, type FieldGetter, type RelationGetter, type SortSpec } from '../catalog/connection.js';
import type { Db } from '../db/open-database.js';
import type { CustomerRow } from '../db/repositories/customers.js';
import * as t from '../db/schema.js';

export interface CustomerConnectionArgs {
  filter?: Record<string, unknown> | null;
  sorting?: SortSpec[] | null;
  paging?: CursorPaging | null;
}

const DEFAULT_SORTING: SortSpec[] = [{ field: 'createdAt', direction: 'DESC' }];

const field: FieldGetter<CustomerRow> = (row, name) => {
  switch (name) {
    case 'id':
    case 'customerId':
    case 'refId':
      return row.id;
    case 'deletedAt':
      return row.archivedAt;
    case 'searchQuery':
      return [row.id, row.name, row.email].filter(Boolean).join(' ');
    case 'environmentId':
      return undefined;
    default:
      return (row as unknown as Record<string, unknown>)[name];
  }
};

const plain: FieldGetter<Record<string, unknown>> = (row, name) => (name === 'refId' || name === 'customerId' ? (row.id ?? row.customerId) : row[name]);

export function customerConnection(db: Db, args: CustomerConnectionArgs): Connection<CustomerRow> {
  const rows = db.select().from(t.customers).all().filter((c) => c.archivedAt === null);
  const relation: RelationGetter<CustomerRow> = (row, key) => {
    if (key === 'subscriptions') return { rows: db.select().from(t.subscriptions).where(eq(t.subscriptions.customerId, row.id)).all(), get: plain };
    if (key === 'promotionalEntitlements') return { rows: db.select().from(t.promotionalEntitlements).where(eq(t.promotionalEntitlements.customerId, row.id)).all(), get: plain };
    return undefined;
  };
  // a tie-break on the id keeps pages stable when customers share an instant
  const sorting = [...(args.sorting && args.sorting.length > 0 ? args.sorting : DEFAULT_SORTING), { field: 'id', direction: 'ASC' }];
  return toConnection(rows, { filter: args.filter, paging: args.paging, sorting }, field, DEFAULT_SORTING, relation);
}
