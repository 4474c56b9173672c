/** Webhook test kit: a real local HTTP receiver, waiting helpers, the GraphQL documents used. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmulator, type Emulator, type EmulatorDeps } from '../../src/emulator.js';
import type { EmulatorConfig } from '../../src/config.js';
import { createLogger } from '../../src/logging/logger.js';
import { rest, START } from '../support/emulator.js';

export const PROVISION = `mutation ProvisionCustomer($input: ProvisionCustomerInput!) {
  provisionCustomer(input: $input) { customer { id } subscription { id status } }
}`;
export const UPDATE = `mutation UpdateCustomer($input: UpdateCustomerInput!) { updateOneCustomer(input: $input) { id name } }`;
export const ARCHIVE = `mutation ArchiveCustomer($input: ArchiveCustomerInput!) { archiveCustomer(input: $input) { customerId } }`;
export const UNARCHIVE = `mutation UnarchiveCustomer($input: UnarchiveCustomerInput!) { unarchiveCustomer(input: $input) { id } }`;
export const IMPORT = `mutation ImportCustomer($input: ImportCustomerInput!) { importOneCustomer(input: $input) { id } }`;
export const IMPORT_BULK = `mutation ImportCustomerBulk($input: ImportCustomerBulkInput!) { importCustomersBulk(input: $input) }`;

/** An emulator like testEmulator's, with webhook delivery settings. */
export function webhookEmulator(config: Partial<EmulatorConfig> = {}, webhooks: EmulatorDeps['webhooks'] = { retryDelaysMs: [5, 5, 5, 20, 20, 20] }): Emulator {
  return createEmulator({
    config: { startTime: START, logLevel: 'silent', port: 0, edgePort: -1, ...config },
    logger: createLogger('silent'),
    webhooks,
  });
}

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, any>;
  status: number;
}

/** A local HTTP receiver that records every request; the first `failFirst` requests answer `failStatus`. */
export class Receiver {
  readonly received: Received[] = [];
  failFirst = 0;
  failStatus = 500;
  /** record requests but never answer them */
  hang = false;
  private server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (this.hang) {
          this.received.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), status: 0 });
          return;
        }
        const status = this.received.length < this.failFirst ? this.failStatus : 200;
        const text = Buffer.concat(chunks).toString('utf8');
        let body: Record<string, any> = {};
        try {
          body = JSON.parse(text);
        } catch {
          body = { raw: text };
        }
        this.received.push({ path: req.url ?? '', headers: req.headers, body, status });
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end(status === 200 ? 'ok' : 'no');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

/** Poll until `check` returns a truthy value (or fail after `timeoutMs`). */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 3000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function events(emu: Emulator, envId: string, type?: string): Promise<any[]> {
  const res = await rest(emu, 'GET', `/_emulator/environments/${envId}/webhooks${type ? `?type=${encodeURIComponent(type)}` : ''}`);
  if (res.status !== 200) throw new Error(`webhooks answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.events;
}

export const typesOf = (list: { type: string }[]) => list.map((e) => e.type);
