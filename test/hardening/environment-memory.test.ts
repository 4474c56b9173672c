/**
 * N12: a deleted (or evicted) environment returns its memory: its connection closed, its
 * per-connection caches dropped, its outboxes stopped and detached, its snapshots, journal,
 * faults and subscriptions released, even while something still holds the environment object.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator.js';
import type { Environment } from '../../src/environments/environment.js';
import { gql, rest, testEmulator } from '../support/emulator.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** heap and external memory (snapshot images are Buffers) after full collections */
const memory = async () => {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return getHeapStatistics().used_heap_size + process.memoryUsage().arrayBuffers;
};
const MB = 1024 * 1024;
const QUERY = 'query Products { products { edges { node { refId } } } }';

let emu: Emulator;
beforeAll(() => {
  emu = testEmulator({ journalSize: 50 });
});
afterAll(() => emu.close());

/** An environment used as a test would: a request, a snapshot, a fault, a subscription; then deleted through the control plane. */
async function useAndDelete(id: string): Promise<Environment> {
  expect((await gql(emu, `server-${id}`, QUERY)).errors).toBeUndefined();
  const env = emu.registry.find(id)!;
  expect((await rest(emu, 'POST', `/_emulator/environments/${id}/snapshots`, { name: 's1' })).status).toBeLessThan(300);
  env.faults.add({ operation: 'Products', errorCode: 'UnexpectedError' } as never);
  const subscription = env.realtime.subscribe('entitlementsUpdated');
  void subscription.next();
  expect((await rest(emu, 'DELETE', `/_emulator/environments/${id}`)).status).toBe(200);
  return env;
}

describe('N12: deleting environments returns their memory', () => {
  it('a deleted environment releases what it holds, even while still referenced', async () => {
    const env = await useAndDelete('n12-held');
    expect(env.sqlite.open).toBe(false);
    expect(env.snapshots.size).toBe(0);
    expect(env.journal.size).toBe(0);
    expect(env.faults.list()).toEqual([]);
    expect(env.outboxes).toEqual([]);
    expect(env.beforeCommit).toEqual([]);
    expect(env.realtime.has('entitlementsUpdated')).toBe(false);
  });

  it('1,000 environments created and deleted leave the heap as it was, and are collected', async () => {
    for (let i = 0; i < 20; i++) await useAndDelete(`n12-warm-${i}`);
    const before = await memory();
    const refs: WeakRef<object>[] = [];
    for (let i = 0; i < 1000; i++) {
      const env = await useAndDelete(`n12-${i}`);
      if (i % 10 === 0) refs.push(new WeakRef(env), new WeakRef(env.sqlite), new WeakRef(env.db), new WeakRef(env.journal));
    }
    const grown = (await memory()) - before;
    expect(refs.filter((r) => r.deref() !== undefined).length).toBeLessThan(8);
    expect(grown).toBeLessThan(8 * MB);
  }, 120_000);

  it('deleted environments still referenced (an answer in flight, a live page) keep none of their snapshots', async () => {
    const external = async () => {
      await memory();
      return process.memoryUsage().arrayBuffers;
    };
    await useAndDelete('n12-held-warm');
    const before = await external();
    const held: Environment[] = [];
    for (let i = 0; i < 200; i++) held.push(await useAndDelete(`n12-held-${i}`));
    const grown = (await external()) - before;
    expect(held.every((env) => env.snapshots.size === 0 && env.journal.size === 0)).toBe(true);
    expect(grown).toBeLessThan(2 * MB);
  }, 60_000);
});

describe('N12: evicted environments return their memory', () => {
  let small: Emulator;
  beforeAll(() => {
    small = testEmulator({ maxEnvironments: 3 });
  });
  afterAll(() => small.close());

  it('the least recently used, closed beyond --max-environments, is released and collected', async () => {
    const refs: WeakRef<object>[] = [];
    const evicted: Environment[] = [];
    for (let i = 0; i < 30; i++) {
      const id = `n12-evict-${i}`;
      expect((await gql(small, `server-${id}`, QUERY)).errors).toBeUndefined();
      const env = small.registry.find(id)!;
      expect((await rest(small, 'POST', `/_emulator/environments/${id}/snapshots`, { name: 's1' })).status).toBeLessThan(300);
      if (i === 0) evicted.push(env);
      else refs.push(new WeakRef(env));
    }
    expect(small.registry.list()).toHaveLength(3);
    await memory();
    expect(refs.filter((r) => r.deref() !== undefined).length).toBeLessThanOrEqual(3);
    const [first] = evicted;
    expect(first!.sqlite.open).toBe(false);
    expect(first!.snapshots.size).toBe(0);
    expect(first!.journal.size).toBe(0);
    expect(first!.outboxes).toEqual([]);
  });
});
