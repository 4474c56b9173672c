/**
 * Answers written together, once per turn of the event loop: the lean routes (the governance check
 * and ingest) hand their answers here instead of writing each one as soon as it is made, and the
 * answers of one turn go out after the turn's readable sockets have all been read (setImmediate
 * runs after the poll phase).
 *
 * Why: under concurrent load a client is usually asleep waiting for its answer, and each write
 * that lands on a sleeping client makes the kernel wake it (on a virtual machine, an interrupt to
 * the other CPU and an exit to the host), which costs more than the answer itself and slows the
 * code that runs after it. Written together, one turn's answers wake a client once. A lone request
 * is answered in the same turn as before (the check phase follows the poll phase at once).
 *
 * Order is kept: answers are written in the order they were made, so answers on one connection
 * (HTTP pipelining) leave in order, as Node's server requires anyway.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

interface PendingAnswer {
  res: ServerResponse;
  status: number;
  headers: OutgoingHttpHeaders | string[] | undefined;
  body: string;
}

let pending: PendingAnswer[] = [];

function flush(): void {
  const answers = pending;
  pending = [];
  for (const { res, status, headers, body } of answers) {
    // a client that went away meanwhile: nothing to write to
    if (res.destroyed) continue;
    res.writeHead(status, headers);
    res.end(body);
  }
}

/** Write `body` as the answer to `res` at the end of this turn of the event loop, with every other answer of the turn. */
export function answerThisTurn(res: ServerResponse, status: number, headers: OutgoingHttpHeaders | string[] | undefined, body: string): void {
  pending.push({ res, status, headers, body });
  if (pending.length === 1) setImmediate(flush);
}
