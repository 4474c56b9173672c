/**
 * A request header, read without building a web `Headers`. Over a socket (@hono/node-server)
 * `c.req.header()` builds a web Headers from Node's raw header list on first use, which costs as
 * much as the rest of a governance check; Node has already parsed the headers into an object
 * (lower-case names, repeated values joined with ", " as a web Headers joins them; for the few
 * headers Node keeps once, such as Authorization and Content-Type, the first one). In-process
 * (`app.request`) there is no Node request and the web Request's headers answer.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/** A header of Node's parsed headers (`name` in lower case), repeated values joined as a web Headers joins them. */
export function nodeHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** `name` in lower case. */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const headers = incoming?.headers;
  if (headers === undefined || typeof headers !== 'object') return c.req.header(name);
  return nodeHeader(headers, name);
}
