/** Custom currencies (the catalog's credit currencies). */
import type { Db } from '../db/open-database.js';
import { creditRepo } from '../db/repositories/credits.js';
import { notFound } from '../errors.js';

/** The custom currency, or CustomCurrencyNotFound. */
export function requireCurrency(db: Db, currencyId: string) {
  const row = creditRepo.currency(db, currencyId);
  if (!row) throw notFound('CustomCurrencyNotFound', 'Custom currency', currencyId);
  return row;
}
