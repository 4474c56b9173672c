/**
 * What the control plane does to an environment, as functions: the HTTP routes (control-plane.ts)
 * and the in-process helpers of `startEmulator()` (src/index.ts) call the same ones, so a clock
 * moved, a reset, fixtures loaded or a snapshot restored either way has the same effect and the
 * same answer (and the same request journal entry).
 */
import { z } from 'zod';
import { moveClock, type AppliedTransition } from '../application/clock-service.js';
import type { EnvironmentRegistry } from '../application/registry.js';
import { restoreSnapshot, takeSnapshot, type SnapshotView } from '../application/snapshot-service.js';
import { nextTransition } from '../lifecycle/reconcile.js';

export const clockMoveInput = z
  .strictObject({
    to: z.string().optional(),
    advance: z.union([z.string().min(1), z.number().nonnegative()]).optional(),
    step: z.union([z.string().min(1), z.number().positive()]).optional(),
    frozen: z.boolean().optional(),
  })
  .refine((b) => !(b.to !== undefined && b.advance !== undefined), { message: 'give "to" or "advance", not both' })
  .refine((b) => b.to !== undefined || b.advance !== undefined || b.frozen !== undefined, { message: 'give "to", "advance" or "frozen"' });

export type ClockMoveInput = z.input<typeof clockMoveInput>;

/** The next transition the clock will apply, or null. */
export type NextDue = ReturnType<typeof nextTransition>;

export interface ClockView {
  /** the environment's time, ISO-8601 */
  now: string;
  frozen: boolean;
  nextDue: NextDue;
}

export interface ClockMoveResult extends ClockView {
  /** every transition the move applied, earliest first */
  applied: AppliedTransition[];
}

export function readClock(registry: EnvironmentRegistry, envId: string): ClockView {
  const env = registry.get(envId);
  env.pin();
  return { ...env.clock.toJSON(), nextDue: nextTransition(env.db) };
}

/** Move an environment's clock (validated as the control plane validates its body); journaled as a control-plane request. */
export function moveEnvironmentClock(registry: EnvironmentRegistry, envId: string, input: unknown, path = `/_emulator/environments/${envId}/clock`): ClockMoveResult {
  const started = performance.now();
  const body = clockMoveInput.parse(input);
  const env = registry.get(envId);
  const applied = moveClock(env, body);
  env.journal.add({
    at: env.clock.now().toISOString(),
    transport: 'control',
    operationName: 'clock',
    variables: body,
    method: 'POST',
    path,
    status: 'ok',
    httpStatus: 200,
    errorCodes: [],
    durationMs: Math.round((performance.now() - started) * 1000) / 1000,
    applied,
  });
  return { ...env.clock.toJSON(), applied, nextDue: nextTransition(env.db) };
}

export interface ResetResult {
  id: string;
  reset: true;
  clock: { now: string; frozen: boolean };
}

/** Back to the seed and the start time; journal and faults cleared (snapshots kept). */
export function resetEnvironment(registry: EnvironmentRegistry, envId: string): ResetResult {
  const env = registry.reset(envId);
  return { id: env.id, reset: true, clock: env.clock.toJSON() };
}

export interface RestoreResult {
  restored: SnapshotView;
  clock: { now: string; frozen: boolean };
}

export function snapshotEnvironment(registry: EnvironmentRegistry, envId: string, name: unknown): SnapshotView {
  return takeSnapshot(registry.get(envId), name);
}

export function restoreEnvironment(registry: EnvironmentRegistry, envId: string, name: string): RestoreResult {
  const env = registry.get(envId);
  const restored = restoreSnapshot(registry, env, name);
  return { restored, clock: env.clock.toJSON() };
}
