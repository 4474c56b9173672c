/**
 * CORS for every surface a browser page reaches (GraphQL, edge routes on both ports, governance,
 * control plane): preflights answered, the SDKs' headers allowed, origins from `--cors-origins`.
 */
import type { ServerResponse } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { requestHeader } from './headers.js';

/** The headers Stigg's SDKs and the governance API send; a preflight also allows whatever else it asks for. */
export const CORS_ALLOWED_HEADERS = [
  'Content-Type',
  'Authorization',
  'X-API-KEY',
  'X-CUSTOMER-KEY',
  'X-API-VERSION',
  'x-graphql-operation-name',
  'x-graphql-client-name',
  'x-graphql-client-version',
  'x-stigg-account-id',
  'x-stigg-environment-id',
] as const;

export const CORS_ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';

/** The value of Access-Control-Allow-Origin for a request's Origin, or null when that origin is not allowed. */
export function allowedOrigin(origins: readonly string[], origin: string | undefined): string | null {
  if (origins.includes('*')) return '*';
  if (!origin) return null;
  return origins.includes(origin.replace(/\/+$/, '')) ? origin : null;
}

/**
 * The CORS headers of an answer to a request (not a preflight) from `origin`, as name, value
 * pairs in a flat list: allow-any, or the allowed origin and `Vary: Origin`, or `Vary: Origin` alone.
 */
export function answerCorsHeaders(origins: readonly string[], origin: string | undefined): string[] {
  if (origins.includes('*')) return ['Access-Control-Allow-Origin', '*'];
  const allow = allowedOrigin(origins, origin);
  return allow ? ['Access-Control-Allow-Origin', allow, 'Vary', 'Origin'] : ['Vary', 'Origin'];
}

export function corsMiddleware(origins: readonly string[]): MiddlewareHandler {
  const any = origins.includes('*');
  return async (c, next) => {
    const origin = requestHeader(c, 'origin');
    const allow = allowedOrigin(origins, origin);
    const requestMethod = requestHeader(c, 'access-control-request-method');
    if (c.req.method === 'OPTIONS' && requestMethod) {
      // a preflight: answered here, before any route (an unknown origin gets no allow headers, so the browser refuses)
      const headers = new Headers({ 'Content-Length': '0' });
      if (!any) headers.set('Vary', 'Origin');
      if (allow) {
        const requested = (c.req.header('access-control-request-headers') ?? '')
          .split(',')
          .map((h) => h.trim())
          .filter(Boolean);
        const known = new Set(CORS_ALLOWED_HEADERS.map((h) => h.toLowerCase()));
        const extra = requested.filter((h) => !known.has(h.toLowerCase()));
        headers.set('Access-Control-Allow-Origin', allow);
        headers.set('Access-Control-Allow-Methods', CORS_ALLOWED_METHODS);
        headers.set('Access-Control-Allow-Headers', [...CORS_ALLOWED_HEADERS, ...extra].join(', '));
        headers.set('Access-Control-Max-Age', '600');
      }
      return new Response(null, { status: 204, headers });
    }
    if (any) {
      // over a socket, Node's response carries the header into whatever answer is written (its
      // headers are merged in when the answer is), so the answer's own headers are left alone:
      // setting them on the web Response builds a web Headers, which costs as much as a governance check
      const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
      if (outgoing && typeof outgoing.setHeader === 'function' && !outgoing.headersSent) {
        outgoing.setHeader('Access-Control-Allow-Origin', '*');
        return next();
      }
    }
    await next();
    const headers = answerCorsHeaders(origins, origin);
    // WebSocket upgrades answer 101 with immutable headers; nothing to add there
    try {
      for (let i = 0; i < headers.length; i += 2) {
        if (headers[i] === 'Vary') c.res.headers.append('Vary', headers[i + 1]!);
        else c.res.headers.set(headers[i]!, headers[i + 1]!);
      }
    } catch {
      /* immutable headers (e.g. a proxied response): leave them */
    }
  };
}

/** The control plane and the inspector: `/_emulator` and everything under it. */
export function isControlPlanePath(path: string): boolean {
  return path === '/_emulator' || path.startsWith('/_emulator/');
}
