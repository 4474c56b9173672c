/**
 * Request body limits (Hono's bodyLimit) on every route, checked before the body is read: the
 * Content-Length first, then the bytes as they stream in. `POST .../fixtures` and `POST .../import`
 * allow more (--max-import-body-size) than everything else (--max-body-size).
 *
 * Over a socket (@hono/node-server) a body with a Content-Length within the limit is read here,
 * straight from Node's request, into Hono's body cache (`c.req.text()` answers it): no web Request
 * and web stream are built for it, which costs more than the rest of a governance check. A GET or
 * HEAD has no body to limit.
 */
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestHeader } from './headers.js';

const LARGE_BODY_ROUTE = /^\/_emulator\/environments\/[^/]+\/(fixtures|import)\/?$/;

const human = (bytes: number) => (bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`);

/** UTF-8 with a leading BOM dropped, as `Request.text()` decodes. */
const utf8 = new TextDecoder();

/**
 * Node's request behind the context, when the web Request over it was not built yet (then its body
 * is still unread); null in-process (`app.request`) or once something built it.
 */
function untouchedIncoming(c: Context): (IncomingMessage & { rawBody?: Buffer }) | null {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming || typeof incoming.on !== 'function' || incoming.readableEnded || 'rawBody' in incoming) return null;
  // @hono/node-server's request stands for a web Request and builds one (its "requestCache") on first use of the body
  const built = Object.getOwnPropertySymbols(c.req.raw).some((s) => s.description === 'requestCache');
  return built ? null : incoming;
}

function readIncoming(incoming: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    incoming.once('error', reject);
    incoming.once('close', () => {
      if (!incoming.readableEnded) reject(new Error('the request was closed before its body was read'));
    });
  });
}

export function requestBodyLimits(limits: { maxBodySize: number; maxImportBodySize: number }): MiddlewareHandler {
  const limit = (maxSize: number, setting: string) => {
    const onError = (c: Context) => {
      const message = `request body larger than ${human(maxSize)} (emulator setting --${setting})`;
      // GraphQL clients read errors[]; everything else reads the REST error
      if (c.req.path === '/graphql') return c.json({ errors: [{ message, extensions: { code: 'BadUserInput', limit: 'maxBodySize' } }] }, 413);
      return c.json({ error: { code: 'PayloadTooLarge', message } }, 413);
    };
    const streamed = bodyLimit({ maxSize, onError });
    const middleware: MiddlewareHandler = async (c, next) => {
      const method = c.req.method;
      if (method === 'GET' || method === 'HEAD') return next();
      const contentLength = requestHeader(c, 'content-length');
      const incoming = contentLength !== undefined && requestHeader(c, 'transfer-encoding') === undefined ? untouchedIncoming(c) : null;
      if (!incoming) return streamed(c, next);
      // what bodyLimit decides from the header, without building the web Request
      if (parseInt(contentLength || '0', 10) > maxSize) return onError(c);
      const body = await readIncoming(incoming);
      // the web Request, if something builds it later, takes its body from here (@hono/node-server reads `rawBody`)
      incoming.rawBody = body;
      (c.req.bodyCache as Record<string, unknown>).text = Promise.resolve(utf8.decode(body));
      return next();
    };
    return middleware;
  };
  const normal = limit(limits.maxBodySize, 'max-body-size');
  const large = limit(limits.maxImportBodySize, 'max-import-body-size');
  return (c, next) => (LARGE_BODY_ROUTE.test(c.req.path) ? large(c, next) : normal(c, next));
}
