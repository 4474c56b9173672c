/**
 * Stigg's GraphQL subscriptions over WebSocket (graphql-ws, protocol `graphql-transport-ws`) at
 * /graphql on the main server, as the Stigg SDKs connect for realtime updates. The API key is read
 * from the connection parameters (`headers['X-API-KEY']`, as the Node SDK sends it, or
 * `X-API-KEY` at the top level, any case); a missing or refused key closes the socket with 4403.
 * A message larger than the HTTP body limit (--max-body-size) closes the socket with 1009
 * (Message Too Big), before it is buffered whole.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError } from 'graphql';
import type { Context } from 'graphql-ws';
import { useServer } from 'graphql-ws/lib/use/ws';
import { WebSocketServer } from 'ws';
import type { EnvironmentRegistry, KeyType } from '../application/registry.js';
import type { Environment } from '../environments/environment.js';
import { EmulatorError, toGraphQLError } from '../errors.js';
import { forbiddenBody, hostChecker, upgradeRefusal, type AccessOptions } from '../http/access.js';
import type { Logger } from '../logging/logger.js';
import type { GraphQLContext } from '../resolvers/context.js';
import { checkDocument, DEFAULT_GRAPHQL_LIMITS, type GraphQLLimits } from './limits.js';
import type { SchemaInfo } from './schema.js';

const PATH = '/graphql';

interface Authenticated {
  env: Environment;
  keyType: KeyType;
}

/** The X-API-KEY of graphql-ws connection parameters (null when absent). */
export function apiKeyOf(connectionParams: unknown): string | null {
  const find = (value: unknown): string | null => {
    if (!value || typeof value !== 'object') return null;
    for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
      if (name.toLowerCase() === 'x-api-key' && typeof v === 'string' && v.trim()) return v;
    }
    return null;
  };
  if (!connectionParams || typeof connectionParams !== 'object') return null;
  const params = connectionParams as Record<string, unknown>;
  const headers = Object.entries(params).find(([name]) => name.toLowerCase() === 'headers')?.[1];
  return find(headers) ?? find(params);
}

export interface GraphQLWebSocket {
  /** attach to a listening server's `upgrade` event */
  attach(server: Server): void;
  /** close every socket and stop accepting */
  close(): Promise<void>;
}

/** `ws`'s own default: 100 MiB per message. */
const WS_DEFAULT_MAX_PAYLOAD = 100 * 1024 * 1024;

export function createGraphQLWebSocket(deps: {
  registry: EnvironmentRegistry;
  schema: SchemaInfo;
  logger: Logger;
  limits?: GraphQLLimits;
  /** `--host`, `--allowed-hosts` and `--cors-origins`: an upgrade's Host and Origin (src/http/access.ts) */
  access?: AccessOptions;
  /** the largest message accepted, in bytes (the HTTP body limit, --max-body-size); a larger one closes the socket with 1009 */
  maxPayload?: number;
}): GraphQLWebSocket {
  const { registry, logger } = deps;
  const access: AccessOptions = deps.access ?? { host: '127.0.0.1', allowedHosts: [], corsOrigins: ['*'] };
  const allowedHost = hostChecker(access);
  const wss = new WebSocketServer({ noServer: true, maxPayload: deps.maxPayload ?? WS_DEFAULT_MAX_PAYLOAD });
  const sessions = new WeakMap<object, Authenticated>();
  const servers = new Set<Server>();

  const authenticate = (ctx: Context): Authenticated | null => {
    const key = apiKeyOf(ctx.connectionParams);
    if (!key) return null;
    try {
      const { environment, keyType } = registry.resolve(key);
      return { env: environment, keyType };
    } catch (error) {
      logger.debug({ err: error }, 'websocket connection refused');
      return null;
    }
  };

  useServer<Record<string, unknown> | undefined, { socket: unknown; request: IncomingMessage }>(
    {
      schema: deps.schema.schema,
      onConnect: (ctx) => {
        const session = authenticate(ctx);
        if (!session) return false;
        sessions.set(ctx, session);
        logger.debug({ environment: session.env.id }, 'websocket connected');
        return true;
      },
      // the query limits of POST /graphql (src/graphql/limits.ts) apply here too
      onSubscribe: (_ctx, msg) => {
        const checked = checkDocument(deps.schema.schema, msg.payload.query, deps.limits ?? DEFAULT_GRAPHQL_LIMITS);
        if ('errors' in checked) return checked.errors.map(withCode);
        // no contextValue: graphql-ws then takes it from `context` below
        return { schema: deps.schema.schema, document: checked.document, operationName: msg.payload.operationName, variableValues: msg.payload.variables };
      },
      context: (ctx): GraphQLContext => {
        const session = sessions.get(ctx);
        if (!session) throw new EmulatorError('Unauthenticated', 'not authenticated', 401);
        return { env: session.env, keyType: session.keyType, nowMs: session.env.pin() };
      },
      onOperation: (_ctx, _msg, _args, result) => {
        // every error carries one of Stigg's codes, as over HTTP
        if (result && 'errors' in result && result.errors) {
          return { ...result, errors: result.errors.map(withCode) };
        }
        return result;
      },
      onNext: (_ctx, _msg, _args, result) => {
        if (result.errors) return { ...result, errors: result.errors.map(withCode) };
        return result;
      },
    },
    // graphql-ws types `ws` through its CommonJS typings, this module through the ESM ones: one class
    wss as unknown as Parameters<typeof useServer>[1],
  );

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== PATH) {
      socket.write('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    const refusal = upgradeRefusal(access, allowedHost, request);
    if (refusal !== null) {
      const body = JSON.stringify(forbiddenBody(refusal));
      socket.write(
        `HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      wss.emit('connection', ws, request);
      // a message over maxPayload: ws has already closed the socket with 1009; graphql-ws would print
      // it to the console as an internal error, it is the client's (logged at debug, as refused keys)
      const handlers = ws.rawListeners('error') as ((error: Error) => void)[];
      ws.removeAllListeners('error');
      ws.once('error', (error: Error & { code?: string }) => {
        if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return logger.debug({ err: error }, 'websocket message larger than --max-body-size: closed with 1009');
        for (const handler of handlers) handler.call(ws, error);
      });
    });
  };

  return {
    attach(server) {
      servers.add(server);
      server.on('upgrade', onUpgrade);
    },
    async close() {
      for (const server of servers) server.off('upgrade', onUpgrade);
      servers.clear();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** An error of a subscription, with extensions.code as the HTTP endpoint answers it. */
function withCode(error: GraphQLError): GraphQLError {
  const original = error.originalError;
  if (original instanceof EmulatorError) {
    const mapped = toGraphQLError(original);
    return new GraphQLError(mapped.message, { nodes: error.nodes, path: error.path, extensions: mapped.extensions });
  }
  if (error.extensions?.code) return error;
  return new GraphQLError(error.message, { nodes: error.nodes, path: error.path, extensions: { ...error.extensions, code: 'BadUserInput' } });
}
