/**
 * Named snapshots of an environment: its whole database and its clock. Restoring one puts both
 * back (the clock to the snapshot's virtual time, backwards too); the journal and faults stay.
 */
import { EmulatorError, badInput, notFound } from '../errors.js';
import { iso } from '../time.js';
import type { Environment, Snapshot } from '../environments/environment.js';
import type { EnvironmentRegistry } from './registry.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

export interface SnapshotView {
  name: string;
  createdAt: string;
  clock: { now: string; frozen: boolean };
  sizeBytes: number;
}

const view = (s: Snapshot): SnapshotView => ({ name: s.name, createdAt: s.createdAt, clock: { now: iso(s.nowMs), frozen: s.frozen }, sizeBytes: s.image.length });

/** Take (or replace) a snapshot named `name`. */
export function takeSnapshot(env: Environment, name: unknown): SnapshotView {
  if (typeof name !== 'string' || !NAME.test(name)) throw badInput(`snapshot name must match ${NAME.source}`);
  env.saveClock();
  const snapshot: Snapshot = {
    name,
    image: env.sqlite.serialize(),
    nowMs: env.clock.nowMs(),
    frozen: env.clock.frozen,
    createdAt: iso(env.clock.nowMs()),
  };
  env.snapshots.set(name, snapshot);
  return view(snapshot);
}

export function listSnapshots(env: Environment): SnapshotView[] {
  return [...env.snapshots.values()].map(view);
}

export function restoreSnapshot(registry: EnvironmentRegistry, env: Environment, name: string): SnapshotView {
  const snapshot = env.snapshots.get(name);
  if (!snapshot) throw notFound('NotFound', 'Snapshot', name);
  try {
    registry.replaceDatabase(env, snapshot.image);
  } catch (error) {
    throw new EmulatorError('UnexpectedError', `cannot restore snapshot ${name}: ${(error as Error).message}`, 500);
  }
  env.clock.reset(snapshot.nowMs, snapshot.frozen);
  env.saveClock();
  return view(snapshot);
}

export function deleteSnapshot(env: Environment, name: string): void {
  if (!env.snapshots.delete(name)) throw notFound('NotFound', 'Snapshot', name);
}
