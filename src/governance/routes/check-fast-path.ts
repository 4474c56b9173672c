/**
 * The governance check's lean route: `POST /governance/owners/:ownerId/check` answered straight
 * from Node's request and response, without Hono's dispatch, web Request and Response objects or
 * the generic middleware chain. The check is the call that products make on every gated action, so
 * it gets the request path of a bare server.
 *
 * It answers the ordinary case only and gives every other request to the full route
 * (`createGovernanceApp`), before anything is changed or journaled, so that there is one
 * definition of every refusal and of every special case:
 *   - before the body is read: a path with percent-escapes, no Content-Length or a chunked body, a
 *     body over --max-body-size, a Host that --allowed-hosts does not allow, a refused or missing
 *     header, an environment with faults armed;
 *   - after it is read (Node's request then carries the body as `rawBody`, which the full route
 *     reads): malformed JSON, a body the schema refuses, a check that throws (an unknown owner,
 *     entity or capability: the check only reads).
 * What it answers is what the full route answers: the same status, body and headers (CORS
 * included), and the same journal entry.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EnvironmentRegistry } from '../../application/registry.js';
import type { Environment } from '../../environments/environment.js';
import { boundedValue } from '../../environments/journal.js';
import { hostChecker } from '../../http/access.js';
import { answerCorsHeaders } from '../../http/cors.js';
import { nodeHeader } from '../../http/headers.js';
import { checkAnswer, checkInputOf, governanceEnvironment } from './app.js';
import { check, type CheckInput } from '../governance-service.js';
import { checkBody, journalRequest } from './http-common.js';

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export interface CheckFastPathOptions {
  registry: EnvironmentRegistry;
  maxBodySize: number;
  corsOrigins: readonly string[];
  /** `--host` and `--allowed-hosts`: a request whose Host is not allowed goes to the full route, which refuses it */
  host?: string;
  allowedHosts?: readonly string[];
}

const CHECK_PATH = /^\/governance\/owners\/([^/%?]+)\/check(?:\?|$)/;

/** Node's request, with the body the full route reads instead of the socket's (@hono/node-server's `rawBody`). */
type Incoming = IncomingMessage & { rawBody?: Buffer };

/** A body the schema accepted: what it asks, and what the journal keeps of it. */
interface ParsedBody {
  input: CheckInput;
  journaled: unknown;
}

/** How many distinct bodies are remembered (products check a few shapes over and over); past it, the memory starts again. */
const MAX_REMEMBERED_BODIES = 1024;
/** Only bodies up to this length are remembered (a check's body is well under it), so the memory stays under 4 MiB. */
const MAX_REMEMBERED_BODY_LENGTH = 4096;

/**
 * Wrap a server's request listener: governance checks take the lean route, every other request
 * (and every check the lean route gives up) goes to `next`.
 */
export function withCheckFastPath(options: CheckFastPathOptions, next: RequestListener): RequestListener {
  const { registry, maxBodySize, corsOrigins } = options;
  const anyOrigin = corsOrigins.includes('*');
  const allowAny = answerCorsHeaders(corsOrigins, undefined);
  const allowedHost = hostChecker({ host: options.host ?? '127.0.0.1', allowedHosts: options.allowedHosts ?? [] });

  const headerOf = (req: IncomingMessage) => (name: string) => nodeHeader(req.headers, name);

  /** The check's environment, or null when the full route is to answer. */
  const environmentOf = (req: IncomingMessage): Environment | null => {
    try {
      const env = governanceEnvironment(registry, headerOf(req));
      return env.faults.isEmpty() ? env : null;
    } catch {
      return null;
    }
  };

  // parsing and validating a body is a pure function of its text: remembered
  const bodies = new Map<string, ParsedBody>();
  const parse = (text: string): ParsedBody | null => {
    let parsed = bodies.get(text);
    if (parsed) return parsed;
    let raw: unknown;
    try {
      raw = text.length === 0 ? {} : JSON.parse(text);
    } catch {
      return null;
    }
    const valid = checkBody.safeParse(raw);
    if (!valid.success) return null;
    parsed = { input: checkInputOf(valid.data), journaled: boundedValue(raw) };
    if (text.length <= MAX_REMEMBERED_BODY_LENGTH) {
      if (bodies.size >= MAX_REMEMBERED_BODIES) bodies.clear();
      bodies.set(text, parsed);
    }
    return parsed;
  };

  const headersOf = (req: IncomingMessage, length: number): string[] => [
    ...(anyOrigin ? allowAny : answerCorsHeaders(corsOrigins, headerOf(req)('origin'))),
    'Content-Type',
    'application/json',
    'Content-Length',
    String(length),
  ];

  const answer = (req: Incoming, res: ServerResponse, env: Environment, ownerId: string, body: Buffer, started: number) => {
    const parsed = parse(body.toString('utf8'));
    let text: string | null = null;
    if (parsed) {
      try {
        text = checkAnswer(check(env, ownerId, parsed.input, env.nowMs())).text;
      } catch {
        // the full route answers the refusal
      }
    }
    if (text === null) {
      req.rawBody = body;
      next(req, res);
      return;
    }
    res.writeHead(200, headersOf(req, Buffer.byteLength(text)));
    res.end(text);
    journalRequest(env, {
      transport: 'governance',
      operationName: 'check',
      variables: parsed!.journaled,
      variablesBounded: true,
      method: 'POST',
      path: req.url!.split('?', 1)[0]!,
      httpStatus: 200,
      errorCode: null,
      started,
    });
  };

  return (req: Incoming, res) => {
    const match = req.method === 'POST' ? CHECK_PATH.exec(req.url ?? '') : null;
    const length = match ? req.headers['content-length'] : undefined;
    if (
      !match ||
      length === undefined ||
      req.headers['transfer-encoding'] !== undefined ||
      !(Number(length) <= maxBodySize) ||
      !allowedHost(req.headers.host)
    ) {
      next(req, res);
      return;
    }
    const started = performance.now();
    const env = environmentOf(req);
    if (!env) {
      next(req, res);
      return;
    }
    const ownerId = match[1]!;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    // a client that goes away before the end of its body gets no answer
    req.once('error', () => undefined);
    req.once('end', () => answer(req, res, env, ownerId, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), started));
  };
}
