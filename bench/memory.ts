/**
 * Memory of the request journal and of deleted environments, in a process of its own (run by
 * bench/limits.ts with --expose-gc and a 384 MB heap; alone: node --expose-gc --import tsx bench/memory.ts):
 * the RSS and heap after 300 GraphQL requests with 1 MiB variables (one environment, default
 * --journal-size), and the heap after 1,000 environments created (a request and a snapshot each)
 * and deleted through the control plane.
 */
import { getHeapStatistics } from 'node:v8';
import { createEmulator } from '../src/emulator.js';
import { createLogger } from '../src/logging/logger.js';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const MiB = 1024 * 1024;
const settle = async () => {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const { rss, arrayBuffers } = process.memoryUsage();
  return { heap: getHeapStatistics().used_heap_size, rss, arrayBuffers };
};
const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

const emu = createEmulator({ config: { port: 0, edgePort: -1, logLevel: 'silent' }, logger: createLogger('silent') });
const { url } = await emu.listen();
const graphql = (key: string, variables: unknown) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify({ query: 'query Config($x: String) { sdkConfiguration { sentryDsn } }', variables }),
  }).then((res) => res.text());

await graphql('server-bench-memory', { x: 'warm-up' });
const start = await settle();
for (let i = 0; i < 300; i++) await graphql('server-bench-memory', { x: `${i}:`.padEnd(MiB, String.fromCharCode(97 + (i % 26))) });
const journal = await settle();
console.log(
  `${'300 requests with 1 MiB variables'.padEnd(44)} RSS ${mib(journal.rss)} (${mib(start.rss)} before), heap ${mib(journal.heap)} (${mib(start.heap)} before)`,
);

const cycle = async (id: string) => {
  await graphql(`server-${id}`, { x: id });
  await fetch(`${url}/_emulator/environments/${id}/snapshots`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"s"}' }).then((r) => r.text());
  await fetch(`${url}/_emulator/environments/${id}`, { method: 'DELETE' }).then((r) => r.text());
};
for (let i = 0; i < 20; i++) await cycle(`bench-warm-${i}`);
const before = await settle();
for (let i = 0; i < 1000; i++) await cycle(`bench-env-${i}`);
const after = await settle();
console.log(
  `${'1,000 environments created and deleted'.padEnd(44)} heap ${mib(after.heap)} (${mib(before.heap)} before), buffers ${mib(after.arrayBuffers)} (${mib(before.arrayBuffers)} before), RSS ${mib(after.rss)} (${mib(before.rss)} before)`,
);
await emu.close();
