/** Moving an environment's clock. Transitions that become due are derived from stored facts and now. */
import { ClockError } from '../clock.js';
import { EmulatorError, badInput } from '../errors.js';
import { addDuration, parseIsoDuration } from '../time.js';
import type { Environment } from './environment.js';

export interface ClockMove {
  to?: string;
  advance?: string | number;
  frozen?: boolean;
}

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

/** One command: the clock ends where the move says, or (on a refused move) where it was. */
export function moveClock(env: Environment, move: ClockMove): AppliedTransition[] {
  const applied: AppliedTransition[] = [];
  const before = env.clock.snapshot();
  try {
    // freezing first makes {"to": t, "frozen": true} stop exactly at t
    if (move.frozen === true) env.clock.setFrozen(true);
    if (move.to !== undefined) {
      const target = Date.parse(move.to);
      if (Number.isNaN(target)) throw badInput(`"to" must be an ISO-8601 instant, got "${move.to}"`);
      env.clock.moveTo(target);
    } else if (move.advance !== undefined) {
      env.clock.moveTo(advanceTarget(env.clock.nowMs(), move.advance));
    }
    if (move.frozen === false) env.clock.setFrozen(false);
  } catch (error) {
    env.clock.restore(before);
    if (error instanceof ClockError) throw new EmulatorError('InvalidClockMove', error.message, 400);
    throw error;
  }
  env.saveClock();
  applied.push(...(env.reconcile(env.clock.nowMs()) as AppliedTransition[]));
  for (const outbox of env.outboxes) outbox.clockMoved?.();
  return applied;
}
