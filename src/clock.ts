/**
 * Time. This module is the only reader of the machine's real time. Every rule receives "now"
 * from an environment's clock, which runs at real speed from its start instant (or stays frozen)
 * and can be moved forward, never back.
 */
import { MAX_INSTANT_MS } from './time.js';

export type TimeSource = () => number;

// Date.now as loaded, kept: a test that fakes the process's Date (vi.useFakeTimers, vi.setSystemTime,
// e.g. to keep its clock in step with an environment's) does not move an in-process emulator's clocks.
const realDateNow = Date.now;
export const realTime: TimeSource = () => realDateNow();

export interface ClockState {
  /** virtual ms minus real ms while running */
  offsetMs: number;
  /** virtual instant while frozen, null while running */
  frozenAtMs: number | null;
}

export class ClockError extends Error {}

export class EnvironmentClock {
  private state: ClockState;

  constructor(
    private readonly source: TimeSource,
    state: ClockState,
  ) {
    this.state = { ...state };
  }

  /** A clock whose virtual time starts at `startMs` now (or real time when undefined). */
  static startingAt(source: TimeSource, startMs: number | undefined, frozen = false): EnvironmentClock {
    const real = source();
    const start = startMs ?? real;
    return new EnvironmentClock(source, { offsetMs: start - real, frozenAtMs: frozen ? start : null });
  }

  /** Virtual now; a running clock stops at the last accepted instant (9999-12-31T23:59:59.999Z). */
  nowMs(): number {
    return this.state.frozenAtMs ?? Math.min(this.source() + this.state.offsetMs, MAX_INSTANT_MS);
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  get frozen(): boolean {
    return this.state.frozenAtMs !== null;
  }

  snapshot(): ClockState {
    return { ...this.state };
  }

  restore(state: ClockState): void {
    this.state = { ...state };
  }

  /** Set the virtual time, backwards too (restoring a snapshot), running or frozen. */
  reset(toMs: number, frozen: boolean): void {
    this.state = frozen ? { offsetMs: 0, frozenAtMs: toMs } : { offsetMs: toMs - this.source(), frozenAtMs: null };
  }

  /** Move to an instant; refuses to move backwards. */
  moveTo(targetMs: number): void {
    const current = this.nowMs();
    if (targetMs < current) {
      throw new ClockError(
        `the clock cannot move backwards (now ${new Date(current).toISOString()}, requested ${new Date(targetMs).toISOString()})`,
      );
    }
    if (this.state.frozenAtMs !== null) this.state.frozenAtMs = targetMs;
    else this.state.offsetMs = targetMs - this.source();
  }

  advance(ms: number): void {
    if (ms < 0) throw new ClockError('the clock cannot move backwards (negative advance)');
    this.moveTo(this.nowMs() + ms);
  }

  setFrozen(frozen: boolean): void {
    if (frozen && this.state.frozenAtMs === null) {
      this.state.frozenAtMs = this.nowMs();
    } else if (!frozen && this.state.frozenAtMs !== null) {
      this.state.offsetMs = this.state.frozenAtMs - this.source();
      this.state.frozenAtMs = null;
    }
  }

  toJSON(): { now: string; frozen: boolean } {
    return { now: this.now().toISOString(), frozen: this.frozen };
  }
}
