/**
 * The lean routes of the governance data plane: `POST /governance/owners/:ownerId/check` and
 * `.../ingest` answered straight from Node's request and response, without Hono's dispatch, web
 * Request and Response objects or the generic middleware chain. Products call them on every gated
 * action and every unit consumed, so they get the request path of a bare server.
 *
 * They answer the ordinary case only and give every other request to the full route
 * (`createGovernanceApp`), before anything is changed or journaled, so that there is one
 * definition of every refusal and of every special case:
 *   - before the body is read: a path with percent-escapes or over the journal's path length, no
 *     Content-Length or a chunked body, a body over --max-body-size, a Host that --allowed-hosts
 *     does not allow, a refused or missing header, an environment with faults armed;
 *   - after it is read (Node's request then carries the body as `rawBody`, which the full route
 *     reads): malformed JSON, a body the schema refuses, a check or an ingest that throws (an
 *     unknown owner, entity or capability; an ingest is one transaction, rolled back when it
 *     throws, so the full route runs it again on the same state).
 * What they answer is what the full route answers: the same status, body and headers (CORS
 * included), and the same journal entry.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { EnvironmentRegistry } from '../../application/registry.js';
import type { Environment } from '../../environments/environment.js';
import { boundedValue, MAX_JOURNAL_TEXT_CHARS } from '../../environments/journal.js';
import { hostChecker } from '../../http/access.js';
import { answerCorsHeaders } from '../../http/cors.js';
import { nodeHeader } from '../../http/headers.js';
import { checkAnswer, checkInputOf, governanceEnvironment, ingestEventsOf, ingestRequest } from './app.js';
import { check, ingest, type CheckInput, type IngestEvent } from '../governance-service.js';
import { checkBody, isoOf } from './http-common.js';

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export interface GovernanceFastPathOptions {
  registry: EnvironmentRegistry;
  maxBodySize: number;
  corsOrigins: readonly string[];
  /** `--host` and `--allowed-hosts`: a request whose Host is not allowed goes to the full route, which refuses it */
  host?: string;
  allowedHosts?: readonly string[];
}

const ROUTE = /^\/governance\/owners\/([^/%?]+)\/(check|ingest)(?:\?|$)/;

/** Node's request, with the body the full route reads instead of the socket's (@hono/node-server's `rawBody`). */
type Incoming = IncomingMessage & { rawBody?: Buffer };

/** A request the schema accepted, by its path and body: what it asks, and its journal entry but for the instant and duration. */
type Prepared = { op: 'check'; input: CheckInput; journal: string } | { op: 'ingest'; events: IngestEvent[]; journal: string };

/** How many distinct requests are remembered (products send a few shapes over and over); past it, the memory starts again. */
const MAX_REMEMBERED = 1024;
/** Only bodies up to this length are remembered (a check's or an ordinary ingest's body is well under it), so the memory stays under 8 MiB. */
const MAX_REMEMBERED_BODY_LENGTH = 4096;

/**
 * Wrap a server's request listener: governance checks and ingests take the lean route, every other
 * request (and every one the lean route gives up) goes to `next`.
 */
export function withGovernanceFastPaths(options: GovernanceFastPathOptions, next: RequestListener): RequestListener {
  const { registry, maxBodySize, corsOrigins } = options;
  const anyOrigin = corsOrigins.includes('*');
  const allowAny = answerCorsHeaders(corsOrigins, undefined);
  const allowedHost = hostChecker({ host: options.host ?? '127.0.0.1', allowedHosts: options.allowedHosts ?? [] });

  /** The request's environment, or null when the full route is to answer. */
  const environmentOf = (headers: IncomingHttpHeaders): Environment | null => {
    try {
      const env = governanceEnvironment(registry, (name) => nodeHeader(headers, name));
      return env.faults.isEmpty() ? env : null;
    } catch {
      return null;
    }
  };

  // parsing and validating a body is a pure function of its text: remembered by path (which the
  // journal entry holds), then text (no key text is made per request)
  const remembered = new Map<string, Map<string, Prepared>>();
  let rememberedCount = 0;
  const prepare = (op: string, path: string, text: string): Prepared | null => {
    let ofPath = remembered.get(path);
    let prepared = ofPath?.get(text);
    if (prepared) return prepared;
    let raw: unknown;
    try {
      raw = text.length === 0 ? {} : JSON.parse(text);
    } catch {
      return null;
    }
    // the journal entry as RequestJournal.add() writes it, but for its instant and duration
    const entry = (variables: unknown) =>
      `","transport":"governance","operationName":"${op}","variables":${JSON.stringify(variables)},"method":"POST","path":${JSON.stringify(path)},"status":"ok","httpStatus":200,"errorCodes":[],"durationMs":`;
    if (op === 'check') {
      const valid = checkBody.safeParse(raw);
      if (!valid.success) return null;
      prepared = { op, input: checkInputOf(valid.data), journal: entry(boundedValue(raw)) };
    } else {
      const valid = ingestRequest.safeParse(raw);
      if (!valid.success) return null;
      prepared = { op: 'ingest', events: ingestEventsOf(valid.data), journal: entry(boundedValue(raw)) };
    }
    if (text.length <= MAX_REMEMBERED_BODY_LENGTH) {
      if (rememberedCount >= MAX_REMEMBERED) {
        remembered.clear();
        rememberedCount = 0;
        ofPath = undefined;
      }
      if (!ofPath) remembered.set(path, (ofPath = new Map()));
      ofPath.set(text, prepared);
      rememberedCount += 1;
    }
    return prepared;
  };

  // the answer's headers, made once per check answer when any origin is allowed (they do not depend on the request then)
  const answerHeaders = new WeakMap<object, string[]>();
  const headersOf = (origin: string | undefined, bytes: number): string[] => [
    ...(anyOrigin ? allowAny : answerCorsHeaders(corsOrigins, origin)),
    'Content-Type',
    'application/json',
    'Content-Length',
    String(bytes),
  ];

  const answer = (req: Incoming, res: ServerResponse, env: Environment, op: string, ownerId: string, path: string, origin: string | undefined, body: Buffer, started: number) => {
    const prepared = prepare(op, path, body.toString('utf8'));
    let text: string | null = null;
    let headers: string[] | undefined;
    if (prepared) {
      try {
        if (prepared.op === 'check') {
          const answered = checkAnswer(check(env, ownerId, prepared.input, env.nowMs()));
          text = answered.text;
          if (anyOrigin) {
            headers = answerHeaders.get(answered);
            if (!headers) answerHeaders.set(answered, (headers = headersOf(origin, answered.bytes)));
          } else {
            headers = headersOf(origin, answered.bytes);
          }
        } else {
          text = JSON.stringify(ingest(env, ownerId, prepared.events, env.nowMs()));
          // (ASCII: two counts)
          headers = headersOf(origin, text.length);
        }
      } catch {
        // the full route answers the refusal
      }
    }
    if (text === null) {
      req.rawBody = body;
      next(req, res);
      return;
    }
    res.writeHead(200, headers);
    res.end(text);
    env.journal.addText(`{"at":"${isoOf(env.nowMs())}${prepared!.journal}${Math.round((performance.now() - started) * 1000) / 1000}}`);
  };

  return (req: Incoming, res) => {
    const match = req.method === 'POST' ? ROUTE.exec(req.url ?? '') : null;
    // (Node has made the header object by now: its server reads `expect` of every request)
    const headers = match ? req.headers : null;
    const length = headers?.['content-length'];
    if (
      !headers ||
      length === undefined ||
      headers['transfer-encoding'] !== undefined ||
      !(Number(length) <= maxBodySize) ||
      !allowedHost(headers.host)
    ) {
      next(req, res);
      return;
    }
    const started = performance.now();
    const path = req.url!.split('?', 1)[0]!;
    const env = path.length <= MAX_JOURNAL_TEXT_CHARS ? environmentOf(headers) : null;
    if (!env) {
      next(req, res);
      return;
    }
    const ownerId = match![1]!;
    const op = match![2]!;
    const origin = anyOrigin ? undefined : nodeHeader(headers, 'origin');
    // the body of a small request comes in the packet of its headers: a microtask later (Node's
    // parser has handed it over) all of it is in the request's buffer and is read at once, without
    // the stream's data and end events; a body still on its way is read as it comes
    queueMicrotask(() => {
      if (!req.readableFlowing && req.readableLength === Number(length)) {
        const body = Number(length) === 0 ? Buffer.alloc(0) : (req.read() as Buffer | null);
        if (body && body.length === Number(length)) {
          answer(req, res, env, op, ownerId, path, origin, body, started);
          return;
        }
        if (body) req.unshift(body);
      }
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      // a client that goes away before the end of its body gets no answer (and nothing is counted)
      req.once('error', () => undefined);
      req.once('end', () => answer(req, res, env, op, ownerId, path, origin, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), started));
    });
  };
}
