/**
 * Query limits: how fast abusive documents are refused, over a real socket on 127.0.0.1.
 *   npx tsx bench/limits.ts
 * Prints the time to refuse a mutation with 10,000 aliased reportUsage, a recursive
 * products -> plans -> product query 30 levels deep and a query nested 10,000 deep, and, for
 * comparison, the time of the deepest recursive query the limits still admit on the demo seed.
 */
import { createEmulator } from '../src/emulator.js';
import { createLogger } from '../src/logging/logger.js';

const emu = createEmulator({ config: { port: 0, edgePort: -1, logLevel: 'silent' }, logger: createLogger('silent') });
const { url } = await emu.listen();

const recursive = (levels: number) => {
  let inner = 'refId';
  for (let i = 0; i < levels; i++) inner = `refId plans { refId product { ${inner} } }`;
  return `query Recursive { products { edges { node { ${inner} } } } }`;
};

async function time(name: string, query: string, runs = 11) {
  const body = JSON.stringify({ query });
  const times: number[] = [];
  let answer: { errors?: { message: string; extensions?: { code?: string; limit?: string } }[] } = {};
  for (let i = -2; i < runs; i++) {
    const started = performance.now();
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'server-bench-limits' }, body });
    answer = (await res.json()) as typeof answer;
    if (i >= 0) times.push(performance.now() - started); // two warm-up runs first
  }
  times.sort((a, b) => a - b);
  const error = answer.errors?.[0];
  const outcome = error ? `${error.extensions?.code} (${error.extensions?.limit ?? '-'}): ${error.message}` : 'answered';
  console.log(`${name.padEnd(44)} median ${times[Math.floor(runs / 2)]!.toFixed(1).padStart(7)} ms  max ${times.at(-1)!.toFixed(1).padStart(7)} ms  ${(body.length / 1024).toFixed(0)} KiB  ${outcome}`);
}

const aliases = Array.from({ length: 10_000 }, (_, i) => `a${i}: reportUsage(input: { customerId: "c", featureId: "f", value: 1 }) { id }`).join(' ');
await time('10,000 aliased reportUsage (refused)', `mutation Many { ${aliases} }`);
await time('recursive products query, 30 levels (refused)', recursive(30));
await time('query nested 10,000 deep (refused)', '{' + 'products{'.repeat(10_000) + 'refId' + '}'.repeat(10_000) + '}');
await time('deepest recursive query admitted (5 levels)', recursive(5));
await emu.close();
