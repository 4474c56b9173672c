/**
 * Who may reach the emulator from a browser, on every route and over every transport (Hono
 * routes, the governance check's lean route, WebSocket upgrades):
 *   - the Host header (DNS rebinding): a request whose Host names neither a loopback or IP
 *     address, nor the bind address, nor a name of `--allowed-hosts` is refused. A page on a
 *     rebound domain sends that domain as its Host, so it never gets an answer;
 *   - the Origin header of state-changing requests to the control plane and the inspector
 *     (`/_emulator/...`, POST/PUT/PATCH/DELETE): only the emulator's own pages and the origins
 *     `--cors-origins` lists by name may send them (`*` opens GraphQL and the edge to web pages, not
 *     the control plane). Requests without Origin (SDKs, curl, tests) are not concerned.
 * Refusals answer 403 `{"error":{"code":"Forbidden","message":...}}` naming the flag that allows them.
 */
import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { requestHeader } from './headers.js';

export interface AccessOptions {
  /** `--host` */
  host: string;
  /** `--allowed-hosts`: names (lower case; `.example.com` also allows its subdomains), `*` = any */
  allowedHosts: readonly string[];
  /** `--cors-origins` */
  corsOrigins: readonly string[];
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** The name of a Host header (lower case, without port, IPv6 in brackets), or null when malformed. */
export function hostName(host: string): string | null {
  const value = host.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end < 0) return null;
    const rest = value.slice(end + 1);
    if (rest !== '' && !/^:\d*$/.test(rest)) return null;
    return value.slice(0, end + 1);
  }
  const name = value.replace(/:\d*$/, '');
  if (name === '' || /[\s/@:]/.test(name)) return null;
  return name.replace(/\.$/, '');
}

/** Whether any host is allowed (`--allowed-hosts *` or `all`). */
export const anyHostAllowed = (allowedHosts: readonly string[]): boolean => allowedHosts.includes('*') || allowedHosts.includes('all');

/**
 * A check of Host headers. Allowed: no Host header (HTTP/1.0, in-process requests), `localhost`
 * and `*.localhost`, any IP address (a rebound page is never reached by its address), the bind
 * address, and the names of `--allowed-hosts`.
 */
export function hostChecker(options: Pick<AccessOptions, 'host' | 'allowedHosts'>): (host: string | undefined) => boolean {
  if (anyHostAllowed(options.allowedHosts)) return () => true;
  const bind = hostName(options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host);
  const exact = new Set(options.allowedHosts.filter((h) => !h.startsWith('.')));
  const suffixes = options.allowedHosts.filter((h) => h.startsWith('.'));
  const known = new Map<string, boolean>();
  const decide = (host: string): boolean => {
    const name = hostName(host);
    if (name === null) return false;
    if (name === 'localhost' || name.endsWith('.localhost')) return true;
    if (IPV4.test(name) || name.startsWith('[')) return true;
    if (name === bind || exact.has(name)) return true;
    return suffixes.some((s) => name.endsWith(s) || name === s.slice(1));
  };
  return (host) => {
    if (host === undefined) return true;
    let allowed = known.get(host);
    if (allowed === undefined) {
      allowed = decide(host);
      if (known.size < 1024) known.set(host, allowed);
    }
    return allowed;
  };
}

export const forbiddenBody = (message: string) => ({ error: { code: 'Forbidden', message } });

export const hostRefusal = (host: string) =>
  `host "${host}" is not allowed: this emulator answers loopback, IP addresses, its bind address and the names of --allowed-hosts (STIGG_EMULATOR_ALLOWED_HOSTS), e.g. --allowed-hosts ${hostName(host) ?? 'stigg'} (* allows any host)`;

export const originRefusal = (method: string, path: string, origin: string) =>
  `${method} ${path} from origin ${origin} is refused: the control plane and the inspector accept state-changing requests only from their own pages or from an origin listed by name in --cors-origins (STIGG_EMULATOR_CORS_ORIGINS), e.g. --cors-origins ${safeOrigin(origin)}`;

const safeOrigin = (origin: string): string => {
  try {
    return new URL(origin).origin;
  } catch {
    return 'http://localhost:5173';
  }
};

/** Every route: a Host that is not allowed answers 403. */
export function hostGuard(options: Pick<AccessOptions, 'host' | 'allowedHosts'>): MiddlewareHandler {
  const allowed = hostChecker(options);
  return async (c, next) => {
    const host = requestHeader(c, 'host');
    if (allowed(host)) return next();
    return c.json(forbiddenBody(hostRefusal(host!)), 403);
  };
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Whether `origin` may send a state-changing request that reached `host`: the emulator's own
 * origin (the origin's host is the Host it reached) or an origin `--cors-origins` lists by name.
 */
export function originAllowed(origins: readonly string[], origin: string, host: string | undefined): boolean {
  if (origins.includes(origin.replace(/\/+$/, ''))) return true;
  if (host === undefined) return false;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host.toLowerCase() === host.trim().toLowerCase();
  } catch {
    return false;
  }
}

/** The control plane and the inspector: a state-changing request from another origin answers 403. */
export function originGuard(options: Pick<AccessOptions, 'corsOrigins'>): MiddlewareHandler {
  const origins = options.corsOrigins.filter((o) => o !== '*');
  return async (c, next) => {
    if (!STATE_CHANGING.has(c.req.method)) return next();
    const origin = requestHeader(c, 'origin');
    if (origin === undefined) return next();
    const host = requestHeader(c, 'host') ?? new URL(c.req.url).host;
    if (originAllowed(origins, origin, host)) return next();
    return c.json(forbiddenBody(originRefusal(c.req.method, c.req.path, origin)), 403);
  };
}

/**
 * Why a WebSocket upgrade is refused (null when it is not): its Host, or its Origin when
 * `--cors-origins` names origins (with `*`, any page may open GraphQL subscriptions, as it may POST /graphql).
 */
export function upgradeRefusal(options: AccessOptions, allowedHost: (host: string | undefined) => boolean, request: IncomingMessage): string | null {
  const host = request.headers.host;
  if (!allowedHost(host)) return hostRefusal(host!);
  const origin = request.headers.origin;
  if (origin === undefined || options.corsOrigins.includes('*')) return null;
  if (originAllowed(options.corsOrigins, origin, host)) return null;
  return `a WebSocket from origin ${origin} is refused: allow it with --cors-origins (STIGG_EMULATOR_CORS_ORIGINS)`;
}
