/**
 * Answers written together once per turn of the event loop (src/http/answer-batch.ts): a server
 * whose responses are TurnBatchedResponse answers every request, in order on each connection
 * (pipelining), streamed answers included; a response ended and then destroyed is written first;
 * code that asks whether a response has ended sees it ended as soon as `end` was called; a
 * response whose client went away is skipped and the server keeps serving.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TurnBatchedResponse } from '../../src/http/answer-batch.js';

let server: Server | null = null;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  server = createServer({ ServerResponse: TurnBatchedResponse }, handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as AddressInfo).port;
}

/** Raw requests in one write on one connection; the answers' status lines and bodies, read by Content-Length or chunked encoding. */
function pipelined(port: number, requests: string[]): Promise<{ status: string; body: string }[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let buffer = '';
    const answers: { status: string; body: string }[] = [];
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) break;
        const head = buffer.slice(0, end);
        const length = /content-length: (\d+)/i.exec(head);
        let body: string;
        let rest: string;
        if (length) {
          if (buffer.length < end + 4 + Number(length[1])) break;
          body = buffer.slice(end + 4, end + 4 + Number(length[1]));
          rest = buffer.slice(end + 4 + Number(length[1]));
        } else {
          const last = buffer.indexOf('\r\n0\r\n\r\n', end);
          if (last < 0) break;
          body = buffer
            .slice(end + 4, last + 2)
            .split('\r\n')
            .filter((_, i) => i % 2 === 1)
            .join('');
          rest = buffer.slice(last + 7);
        }
        answers.push({ status: head.split('\r\n')[0]!, body });
        buffer = rest;
      }
      if (answers.length === requests.length) {
        socket.end();
        resolve(answers);
      }
    });
    socket.on('error', reject);
    socket.write(requests.join(''));
    setTimeout(() => reject(new Error(`answers incomplete: ${JSON.stringify(answers)}`)), 5000).unref();
  });
}

const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;

describe('answers written once per turn of the event loop', () => {
  it('answers pipelined requests in the order they were sent, whether answered at once, later or streamed', async () => {
    const port = await serve((req, res) => {
      const n = Number(new URL(req.url!, 'http://x').searchParams.get('n'));
      if (n % 3 === 1) {
        // answered on a later turn
        setTimeout(() => res.end(`late ${n}`), 5);
      } else if (n % 3 === 2) {
        // streamed: written in pieces, then ended
        res.write(`streamed ${n} `);
        setImmediate(() => {
          res.write('more ');
          res.end('end');
        });
      } else {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`at once ${n}`);
      }
    });
    const answers = await pipelined(port, Array.from({ length: 9 }, (_, n) => get(`/?n=${n}`)));
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 9 }, () => 'HTTP/1.1 200 OK'));
    expect(answers.map((a) => a.body)).toEqual(Array.from({ length: 9 }, (_, n) => (n % 3 === 1 ? `late ${n}` : n % 3 === 2 ? `streamed ${n} more end` : `at once ${n}`)));
  });

  it('writes an answer after the turn that ended it, not during end()', async () => {
    const seen: boolean[] = [];
    const port = await serve((_req, res) => {
      const socket = res.socket!;
      const before = socket.bytesWritten;
      res.end('x');
      seen.push(socket.bytesWritten > before);
      setImmediate(() => seen.push(socket.bytesWritten > before));
    });
    expect(await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text())).toBe('x');
    expect(seen).toEqual([false, true]);
  });

  it('answers many connections at once, each its own answer', async () => {
    const port = await serve((req, res) => res.end(req.url));
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => fetch(`http://127.0.0.1:${port}/r${i}`).then((r) => r.text())));
    expect(answers).toEqual(Array.from({ length: 50 }, (_, i) => `/r${i}`));
  });

  it('counts a response ended as soon as end() is called, and keeps a second end() after the first', async () => {
    const seen: unknown[] = [];
    const port = await serve((_req, res) => {
      seen.push(res.writableEnded);
      res.end('first', () => seen.push('first written'));
      seen.push(res.writableEnded);
      // a second end with nothing to write is harmless, as it is on Node's own response
      res.end(() => seen.push('second called'));
    });
    const text = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text());
    expect(text).toBe('first');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen.slice(0, 2)).toEqual([false, true]);
    expect(seen).toContain('first written');
  });

  it('writes an ended response before it is destroyed', async () => {
    const port = await serve((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain', 'content-length': '6' });
      res.end('failed');
      res.destroy();
    });
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`http://127.0.0.1:${port}/`, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
        res.on('error', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(answer).toEqual({ status: 500, body: 'failed' });
  });

  it('skips the answer of a client that went away, and keeps serving', async () => {
    let answered = 0;
    const port = await serve((req, res) => {
      if (req.url === '/gone') {
        // the client goes away before the turn's answers are written
        req.socket.destroy();
        res.end('too late');
        return;
      }
      answered += 1;
      res.end('ok');
    });
    await new Promise<void>((resolve) => {
      const req = httpRequest(`http://127.0.0.1:${port}/gone`);
      req.on('error', () => resolve());
      req.end();
    });
    expect(await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text())).toBe('ok');
    expect(answered).toBe(1);
  });
});
