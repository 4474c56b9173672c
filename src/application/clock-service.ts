/** Moving an environment's clock. Transitions that become due are derived from stored facts and now. */
import { ClockError } from '../clock.js';
import { EmulatorError, badInput } from '../errors.js';
import { TransitionLimitError } from '../lifecycle/reconcile.js';
import { addDuration, checkInstant, iso, INSTANT_BOUNDS, instantInBounds, parseIsoDuration } from '../time.js';
import type { Environment } from '../environments/environment.js';

export interface ClockMove {
  to?: string;
  advance?: string | number;
  /** walk there in steps of this ISO-8601 duration (or milliseconds), applying what is due at each */
  step?: string | number;
  frozen?: boolean;
}

/**
 * One clock move (each stop of a walk) applies at most this many transitions to any one
 * subscription, promotional grant or credit schedule (renewals, notices, grants). A move that would
 * apply more is refused with 422 InvalidClockMove and applies nothing (a walk keeps the stops it
 * completed): like Stripe's test clocks, which advance at most two billing intervals at a time,
 * time travels in bounded hops and a jump to 9999 answers promptly instead of applying a monthly
 * renewal for 8,000 years, while a tenant of thousands of subscriptions still moves months at once.
 */
export const MAX_MOVE_TRANSITIONS = 1_000;

/** A walk in steps may take at most this many steps. */
export const MAX_CLOCK_STEPS = 100_000;

export interface AppliedTransition {
  at: string;
  type: string;
  [key: string]: unknown;
}

/** Parse "advance": ISO-8601 duration or milliseconds. */
export function advanceTarget(nowMs: number, advance: string | number): number {
  if (typeof advance === 'number' || /^\d+$/.test(advance)) return nowMs + Number(advance);
  const duration = parseIsoDuration(advance);
  if (!duration) throw badInput(`advance "${advance}" is neither an ISO-8601 duration (P14D, PT1H) nor milliseconds`);
  return addDuration(nowMs, duration);
}

/** Parse "step": a positive ISO-8601 duration or milliseconds. */
function stepDuration(step: string | number): string | number {
  if (typeof step === 'number' || /^\d+$/.test(step)) {
    if (Number(step) <= 0) throw badInput('"step" must be positive');
    return Number(step);
  }
  const duration = parseIsoDuration(step);
  if (!duration || addDuration(0, duration) <= 0) throw badInput(`step "${step}" is not a positive ISO-8601 duration (P1D, PT1H) or milliseconds`);
  return step;
}

/** The instants a walk stops at: every step from `fromMs`, then the target itself. */
function walk(fromMs: number, targetMs: number, step: string | number): number[] {
  const stops: number[] = [];
  const duration = typeof step === 'number' ? null : parseIsoDuration(step);
  for (let i = 1; ; i += 1) {
    const at = duration ? addDuration(fromMs, duration, i) : fromMs + (step as number) * i;
    if (at >= targetMs) break;
    if (stops.length >= MAX_CLOCK_STEPS) throw badInput(`the walk would take more than ${MAX_CLOCK_STEPS} steps: use a larger "step"`);
    stops.push(at);
  }
  stops.push(targetMs);
  return stops;
}

/**
 * One command: the clock ends where the move says, or (on a refused move) where it was. Every
 * transition due by the new instant is applied (at each stop of a walk), in time order; the
 * answer lists them.
 */
export function moveClock(env: Environment, move: ClockMove): AppliedTransition[] {
  const applied: AppliedTransition[] = [];
  const before = env.clock.snapshot();
  let stops: number[] = [];
  try {
    // freezing first makes {"to": t, "frozen": true} stop exactly at t
    if (move.frozen === true) env.clock.setFrozen(true);
    const fromMs = env.clock.nowMs();
    let targetMs: number | null = null;
    if (move.to !== undefined) {
      const checked = checkInstant(move.to, '"to"');
      if ('error' in checked) throw badInput(checked.error);
      targetMs = checked.ms;
    } else if (move.advance !== undefined) {
      targetMs = advanceTarget(fromMs, move.advance);
      if (!instantInBounds(targetMs)) throw badInput(`advance "${move.advance}" lands beyond the accepted instants (${INSTANT_BOUNDS})`);
    }
    if (move.step !== undefined && targetMs === null) throw badInput('"step" needs "to" or "advance"');
    if (targetMs !== null) {
      if (targetMs < fromMs) env.clock.moveTo(targetMs); // refused: the clock cannot go back
      stops = move.step !== undefined ? walk(fromMs, targetMs, stepDuration(move.step)) : [targetMs];
      env.clock.moveTo(stops.at(-1)!);
    }
    if (move.frozen === false) env.clock.setFrozen(false);
  } catch (error) {
    env.clock.restore(before);
    if (error instanceof ClockError) throw new EmulatorError('InvalidClockMove', error.message, 400);
    throw error;
  }
  env.saveClock();
  const finalMs = env.clock.nowMs();
  let reachedMs: number | null = null; // the last stop whose transitions all applied
  try {
    for (const stop of [...stops.slice(0, -1), finalMs]) {
      applied.push(...(env.reconcile(stop, MAX_MOVE_TRANSITIONS) as AppliedTransition[]));
      reachedMs = stop;
    }
  } catch (error) {
    if (!(error instanceof TransitionLimitError)) throw error;
    // the stop that went over rolled back: the clock stays where the walk got to (or where it was)
    if (reachedMs === null) env.clock.restore(before);
    else env.clock.reset(reachedMs, env.clock.frozen);
    env.saveClock();
    for (const outbox of env.outboxes) outbox.clockMoved?.();
    const where = reachedMs === null ? 'nothing was applied and the clock did not move' : `the clock stopped at ${iso(reachedMs)} after ${applied.length} transitions`;
    throw new EmulatorError(
      'InvalidClockMove',
      `the move would apply more than ${MAX_MOVE_TRANSITIONS} transitions to one subscription, promotional grant or credit schedule (the ${MAX_MOVE_TRANSITIONS + 1}th due at ${iso(error.atMs)}): ${where}; move the clock in shorter steps (e.g. to ${iso(error.atMs)})`,
      422,
      { limit: MAX_MOVE_TRANSITIONS, nextDue: iso(error.atMs) },
    );
  }
  for (const outbox of env.outboxes) outbox.clockMoved?.();
  return applied;
}
