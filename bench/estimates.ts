// Money benchmark: the latency of the Node SDK's estimate and preview documents and the browser
// SDK's customer portal, in-process, against the built-in demo seed. Estimates of new
// subscriptions provision in a rolled-back transaction, so they cost about as much as provisioning.
//
//   npx tsx bench/estimates.ts [requests]
//
// Prints the figures (no target: Stigg publishes none for these operations).
import { createEmulator } from '../src/emulator.js';
import { createLogger } from '../src/logging/logger.js';
import { clientOperation, type Client } from '../test/support/documents.js';

const REQUESTS = Number(process.argv[2] ?? 500);

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const fmt = (ms: number) => `${ms.toFixed(3)} ms`;

const emu = createEmulator({ config: { port: 0, edgePort: -1, startTime: new Date('2025-01-01T00:00:00Z') }, logger: createLogger('silent') });

async function time(label: string, client: Client, operation: string, variables: Record<string, unknown>, key = 'server-bench') {
  const body = JSON.stringify({ query: clientOperation(client, operation), variables });
  const send = () => emu.request('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body });
  for (let i = 0; i < 30; i++) await (await send()).text();
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    const text = await (await send()).text();
    times.push(performance.now() - started);
    if (text.includes('"errors"')) throw new Error(`${label}: ${text.slice(0, 300)}`);
  }
  console.log(`${label}: median ${fmt(quantile(times, 0.5))}, p95 ${fmt(quantile(times, 0.95))} (${REQUESTS} requests)`);
}

await time('EstimateSubscription', 'node', 'EstimateSubscription', {
  input: { customerId: 'customer-demo-01', planId: 'plan-revvenu-essentials', billingPeriod: 'MONTHLY', addons: [{ addonId: 'addon-10-campaigns', quantity: 2 }], resourceId: 'resource-01' },
});
await time('EstimateSubscriptionUpdate', 'node', 'EstimateSubscriptionUpdate', {
  input: { subscriptionId: 'subscription-plan-revvenu-growth-dfe598', billableFeatures: [{ featureId: 'feature-01-templates', quantity: 7 }], addons: [{ addonId: 'addon-10-campaigns', quantity: 2 }] },
});
await time('PreviewSubscription', 'node', 'PreviewSubscription', { input: { customerId: 'customer-demo-02', planId: 'plan-revvenu-growth', billableFeatures: [{ featureId: 'feature-01-templates', quantity: 4 }], billingPeriod: 'MONTHLY' } });
await time('PreviewNextInvoice', 'node', 'PreviewNextInvoice', { input: { subscriptionId: 'subscription-plan-revvenu-growth-dfe598' } });
await time('GetCustomerPortalByRefId (browser)', 'browser', 'GetCustomerPortalByRefId', { input: { customerId: 'customer-id2' } }, 'client-bench');

await emu.close();
