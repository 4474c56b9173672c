/**
 * Write steps: how a domain hands what it wrote to the domains above it without importing them.
 * The writer declares a point of its write as a `WriteSteps` ("usage recorded", "subscription
 * started") and runs it inside its transaction; the domains above supply the steps, registered
 * once by the composition (application/composition.ts), and each runs in the order registered, in
 * the writer's transaction: a command that fails leaves nothing of any of them. So effects go one
 * way: the writer knows the fact it hands on, never who takes it.
 */
import type { Db } from './db/open-database.js';

export type WriteStep<Fact, Answer> = (db: Db, nowMs: number, fact: Fact) => Answer | undefined | void;

export class WriteSteps<Fact, Answer = void> {
  private readonly steps: WriteStep<Fact, Answer>[] = [];

  constructor(readonly name: string) {}

  /** Add a step (the composition, once each: adding the same step again changes nothing). */
  add(step: WriteStep<Fact, Answer>): this {
    if (!this.steps.includes(step)) this.steps.push(step);
    return this;
  }

  /** Whether any step is registered. */
  get registered(): boolean {
    return this.steps.length > 0;
  }

  /** Hand `fact` to every step in order, in the caller's transaction; answers the first answer a step gave. */
  run(db: Db, nowMs: number, fact: Fact): Answer | undefined {
    let answer: Answer | undefined;
    for (const step of this.steps) {
      const given = step(db, nowMs, fact);
      if (answer === undefined && given !== undefined) answer = given as Answer;
    }
    return answer;
  }
}
