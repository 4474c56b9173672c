/**
 * Answers written together, once per turn of the event loop: the emulator's servers end their
 * responses here instead of writing each one as soon as it is made, and the answers of one turn go
 * out after the turn's readable sockets have all been read (setImmediate runs after the poll
 * phase).
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
import { ServerResponse, type IncomingMessage } from 'node:http';

/**
 * A server's response (`createServer({ ServerResponse: TurnBatchedResponse })`) whose `end()`
 * takes effect with the other ends of the turn, in the order they were called. What was written
 * before (`write()`, a streamed answer) leaves at once, as before.
 */
export class TurnBatchedResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  /** `end()` was called and has not taken effect yet */
  endPending = false;

  override end(...args: unknown[]): this {
    this.endPending = true;
    pendingEnds.push({ res: this, args });
    if (pendingEnds.length === 1) setImmediate(flushEnds);
    return this;
  }

  /** the end is pending: written first (a response ended and then destroyed is written before it is destroyed) */
  override destroy(error?: Error): this {
    if (this.endPending) {
      const index = pendingEnds.findIndex((p) => p.res === this);
      if (index >= 0) {
        const [{ args }] = pendingEnds.splice(index, 1) as [PendingEnd];
        endNow(this, args);
      }
    }
    return super.destroy(error);
  }
}

interface PendingEnd {
  res: TurnBatchedResponse;
  args: unknown[];
}
let pendingEnds: PendingEnd[] = [];

const endNow = (res: ServerResponse, args: unknown[]) => (ServerResponse.prototype.end as (...a: unknown[]) => ServerResponse).apply(res, args) as never;

function flushEnds(): void {
  const ends = pendingEnds;
  pendingEnds = [];
  for (const { res, args } of ends) {
    res.endPending = false;
    endNow(res, args);
  }
}

// what code that checks whether a response has ended sees: ended once `end` was called
const ended = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(ServerResponse.prototype), 'writableEnded')!;
Object.defineProperty(TurnBatchedResponse.prototype, 'writableEnded', {
  configurable: true,
  get(this: TurnBatchedResponse) {
    return this.endPending || (ended.get!.call(this) as boolean);
  },
});
