/**
 * Injected faults of one environment. A fault matches a GraphQL operation name (or root field)
 * or a REST route family (`governance`, `edge`, `v1-beta`, `v1`, or one REST method by its SDK name
 * such as `v1.customers.retrieve`), answers an error code or an HTTP
 * status, optionally after a delay, a number of `times` and with a probability.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

export const faultInput = z
  .strictObject({
    route: z.string().min(1).optional(),
    operation: z.string().min(1).optional(),
    status: z.number().int().min(400).max(599).optional(),
    errorCode: z.string().min(1).optional(),
    message: z.string().optional(),
    delayMs: z.number().int().min(0).max(60_000).optional(),
    times: z.number().int().positive().optional(),
    probability: z.number().min(0).max(1).optional(),
  })
  .refine((f) => !!f.route !== !!f.operation, { message: 'give exactly one of route or operation' })
  .refine((f) => f.status !== undefined || f.errorCode !== undefined || f.delayMs !== undefined, {
    message: 'give a status, an errorCode or a delayMs',
  });

export type FaultInput = z.output<typeof faultInput>;
export interface Fault extends FaultInput {
  id: string;
  hits: number;
}

export class FaultStore {
  private faults: Fault[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  add(input: FaultInput): Fault {
    const fault: Fault = { ...input, id: randomUUID(), hits: 0 };
    this.faults.push(fault);
    return fault;
  }

  /** No fault armed (no request of this environment can be faulted). */
  isEmpty(): boolean {
    return this.faults.length === 0;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Remove every fault, or those of one route or operation. Returns how many were removed. */
  clear(filter?: { route?: string; operation?: string; id?: string }): number {
    const before = this.faults.length;
    this.faults = this.faults.filter(
      (f) =>
        !(
          !filter ||
          (filter.id !== undefined && f.id === filter.id) ||
          (filter.route !== undefined && f.route === filter.route) ||
          (filter.operation !== undefined && f.operation === filter.operation)
        ),
    );
    return before - this.faults.length;
  }

  /** The fault that applies to a request now, if any; counts it and retires it after `times`. */
  take(match: { route?: string; operations?: (string | null | undefined)[] }): Fault | null {
    const fault = this.faults.find(
      (f) =>
        (f.route !== undefined && f.route === match.route) ||
        (f.operation !== undefined && (match.operations ?? []).some((op) => op === f.operation)),
    );
    if (!fault) return null;
    if (fault.probability !== undefined && this.random() >= fault.probability) return null;
    fault.hits += 1;
    if (fault.times !== undefined && fault.hits >= fault.times) this.faults = this.faults.filter((f) => f !== fault);
    return { ...fault };
  }
}
