/** Realtime test kit: a graphql-ws client over a real socket, and waiting for what it receives. */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { Emulator } from '../../src/emulator.js';
import type { RealtimeTopic } from '../../src/environments/realtime-bus.js';

export const wsUrlOf = (httpUrl: string) => `${httpUrl.replace(/^http/, 'ws')}/graphql`;

export function wsClient(httpUrl: string, connectionParams: Record<string, unknown>): Client {
  return createClient({ url: wsUrlOf(httpUrl), webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
}

export interface Collected<T> {
  values: T[];
  errors: unknown[];
  completed: boolean;
  stop: () => void;
}

/** Subscribe and collect every result (`data`) until stopped. */
export function collect<T = Record<string, any>>(client: Client, query: string): Collected<T> {
  const collected: Collected<T> = { values: [], errors: [], completed: false, stop: () => undefined };
  collected.stop = client.subscribe<T>(
    { query },
    {
      next: (result) => {
        if (result.errors) collected.errors.push(...result.errors);
        if (result.data) collected.values.push(result.data as T);
      },
      error: (error) => collected.errors.push(error),
      complete: () => {
        collected.completed = true;
      },
    },
  );
  return collected;
}

export async function waitFor<T>(check: () => T | undefined | null | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Wait until an environment has a listener on a topic (the subscription reached the server). */
export const waitForListener = (emu: Emulator, environmentId: string, topic: RealtimeTopic) =>
  waitFor(() => emu.registry.find(environmentId)?.realtime.has(topic), 5000, `a ${topic} listener`);
