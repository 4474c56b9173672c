/**
 * Spend budgets (RULES 2.8.7): the input `budget {limit, hasSoftLimit}` of provisioning and
 * updateSubscription, checked at the boundary. What the spend is and when a budget denies are
 * pricing rules (pricing-rules.ts usageSpend, budgetDenies).
 */
import { checkAmount } from '../amounts.js';
import { badInput } from '../errors.js';
import type { Budget } from '../catalog/pricing-rules.js';

/** GraphQL BudgetConfigurationInput. */
export interface BudgetInput {
  limit: number;
  hasSoftLimit?: boolean | null;
}

/** A budget as stored: limit a finite number >= 0 (BadUserInput otherwise), hasSoftLimit false unless true. */
export function parseBudget(input: BudgetInput | null | undefined): Budget | null {
  if (input === null || input === undefined) return null;
  const limit = checkAmount('budget.limit', input.limit);
  if (limit < 0) throw badInput(`budget.limit must not be negative (got ${limit})`, { field: 'budget.limit' });
  return { limit, hasSoftLimit: input.hasSoftLimit === true };
}
