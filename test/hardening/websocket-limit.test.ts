/** N9: a WebSocket message is limited like a request body (--max-body-size); a larger one closes the socket with 1009. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Emulator } from '../../src/emulator.js';
import { newEnvironment, testEmulator } from '../support/emulator.js';
import { wsUrlOf } from '../realtime/support.js';

const LIMIT = 64 * 1024;
let emu: Emulator;
let url: string;
beforeAll(async () => {
  emu = testEmulator({ host: '127.0.0.1', maxBodySize: LIMIT });
  url = (await emu.listen()).url;
});
afterAll(() => emu.close());

/** Open a graphql-ws socket, send one `connection_init` padded to `bytes`, and answer what came back first: a message or the close. */
function initWith(bytes: number): Promise<{ message?: any; close?: { code: number; reason: string } }> {
  const { serverKey } = newEnvironment('ws-limit');
  const head = JSON.stringify({ type: 'connection_init', payload: { 'X-API-KEY': serverKey, padding: '' } });
  const text = head.replace('"padding":""', `"padding":"${'x'.repeat(Math.max(0, bytes - head.length))}"`);
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrlOf(url), 'graphql-transport-ws');
    socket.on('open', () => socket.send(text));
    socket.on('message', (data) => {
      resolve({ message: JSON.parse(String(data)) });
      socket.close();
    });
    socket.on('close', (code, reason) => resolve({ close: { code, reason: String(reason) } }));
    socket.on('error', () => undefined);
    setTimeout(() => reject(new Error('no answer')), 5000).unref();
  });
}

describe('N9: WebSocket message size', () => {
  it('listens on the loopback', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:/);
  });

  it('accepts a message within the body limit', async () => {
    expect(await initWith(LIMIT - 1024)).toEqual({ message: { type: 'connection_ack' } });
  });

  it('closes the socket with 1009 when a message is larger than the body limit', async () => {
    const answer = await initWith(LIMIT * 2);
    expect(answer.close?.code).toBe(1009);
  });

  it('uses --max-body-size by default (4 MiB), not ws\'s 100 MiB', async () => {
    const defaults = testEmulator({ host: '127.0.0.1' });
    const { url: defaultUrl } = await defaults.listen();
    try {
      const answer = await new Promise<number>((resolve) => {
        const socket = new WebSocket(wsUrlOf(defaultUrl), 'graphql-transport-ws');
        socket.on('open', () => socket.send('x'.repeat(4 * 1024 * 1024 + 1)));
        socket.on('close', (code) => resolve(code));
        socket.on('error', () => undefined);
      });
      expect(answer).toBe(1009);
    } finally {
      await defaults.close();
    }
  });
});
