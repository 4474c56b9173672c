/**
 * The composition root: config -> registry (template database seeded once) -> GraphQL, control
 * plane, governance and edge apps on one Hono app -> listening servers (the main one also serves
 * GraphQL subscriptions over WebSocket at /graphql).
 */
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { createControlPlane } from './admin/control-plane.js';
import { createEdgeApp } from './edge/app.js';
import { realTime, type TimeSource } from './clock.js';
import { DEFAULT_CONFIG, type EmulatorConfig } from './config.js';
import { EnvironmentRegistry } from './application/registry.js';
import { loadDemoSeed } from './fixtures/demo-seed.js';
import { loadFixtureFiles, type MergedFixtures } from './fixtures/load.js';
import { buildExecutableSchema } from './graphql/schema.js';
import { createGovernanceApp } from './governance/routes/app.js';
import { withGovernanceFastPaths } from './governance/routes/fast-path.js';
import { createRestBetaApp } from './governance/routes/rest-beta.js';
import { createRestApp } from './rest/app.js';
import { restMethods } from './rest/methods.js';
import { openApiDocument } from './rest/openapi.js';
import { createGraphQLApp } from './graphql/http.js';
import { createGraphQLWebSocket, type GraphQLWebSocket } from './graphql/websocket.js';
import { TurnBatchedResponse } from './http/answer-batch.js';
import { requestBodyLimits } from './http/body-limit.js';
import { hostGuard, originGuard } from './http/access.js';
import { corsMiddleware, isControlPlanePath } from './http/cors.js';
import { faviconIco } from './http/favicon.js';
import { notFoundHandler, restErrorHandler } from './http/errors.js';
import { createInspector } from './inspector/inspector-app.js';
import { rootPage } from './inspector/root.js';
import { createLogger, type Logger } from './logging/logger.js';
import { PACKAGE_VERSION } from './paths.js';
import type { WebhookDeliveryOptions } from './webhooks/webhook-delivery.js';

export interface EmulatorDeps {
  config?: Partial<EmulatorConfig>;
  /** already-loaded fixtures (instead of config.fixtures) */
  seed?: MergedFixtures;
  timeSource?: TimeSource;
  logger?: Logger;
  /** webhook delivery: retry delays and attempt timeout (tests shorten them) */
  webhooks?: Omit<WebhookDeliveryOptions, 'logger'>;
}

export interface Emulator {
  app: Hono;
  edgeApp: Hono;
  registry: EnvironmentRegistry;
  config: EmulatorConfig;
  logger: Logger;
  /** in-process request (no socket), e.g. `emulator.request('/graphql', { method: 'POST', ... })` */
  request: (path: string, init?: RequestInit) => Promise<Response>;
  listen: () => Promise<{ url: string; edgeUrl: string | null }>;
  close: () => Promise<void>;
}

export function createEmulator(deps: EmulatorDeps = {}): Emulator {
  const config: EmulatorConfig = { ...DEFAULT_CONFIG, ...deps.config };
  const logger = deps.logger ?? createLogger(config.logLevel);
  const seed = deps.seed ?? (config.fixtures.length > 0 ? loadFixtureFiles(config.fixtures) : loadDemoSeed());
  const registry = new EnvironmentRegistry({
    seed,
    timeSource: deps.timeSource ?? realTime,
    startTime: config.startTime,
    dataDir: config.dataDir,
    strictKeys: config.strictKeys,
    journalSize: config.journalSize,
    maxEnvironments: config.maxEnvironments,
    onEvict: (env) => logger.info({ environment: env.id }, 'environment closed: least recently used beyond --max-environments'),
    webhooks: { ...deps.webhooks, logger },
    onCreate: (env) => logger.debug({ environment: env.id }, 'environment created'),
  });
  registry.init();
  const schema = buildExecutableSchema();

  let ready = false;
  let urls: { url: string | null; edgeUrl: string | null } = { url: null, edgeUrl: null };
  const servers: Server[] = [];
  let websocket: GraphQLWebSocket | null = null;

  const cors = corsMiddleware(config.corsOrigins);
  // the control plane's answers (exports, environments, journals) are readable by a page only when
  // --cors-origins names its origin: `*` opens GraphQL and the edge to pages, not the control plane
  const controlPlaneCors = corsMiddleware(config.corsOrigins.filter((origin) => origin !== '*'));
  // every route: the Host header (DNS rebinding); the control plane and the inspector: the Origin of state changes
  const hosts = hostGuard(config);
  const app = new Hono();
  app.onError(restErrorHandler(logger));
  app.notFound(notFoundHandler);
  app.use('*', hosts);
  app.use('*', (c, next) => (isControlPlanePath(c.req.path) ? controlPlaneCors(c, next) : cors(c, next)));
  app.use('/_emulator/*', originGuard(config));
  app.use('*', requestBodyLimits(config));
  app.route('/', createGraphQLApp({ registry, schema, logger, limits: config }).app);
  // the inspector first: it answers every /_emulator/ui path itself (its own access check and error pages)
  app.route(
    '/_emulator/ui',
    createInspector({
      registry,
      config,
      logger,
      version: PACKAGE_VERSION,
      declaredEnvironments: seed.environments.length > 0 ? seed.environments : ['local'],
      controlPlane: async (path, init) => app.request(`/_emulator${path}`, init),
    }),
  );
  app.route('/_emulator', createControlPlane({ registry, config, schema, isReady: () => ready, urls: () => urls }));
  app.get('/', rootPage(PACKAGE_VERSION));
  app.get('/favicon.ico', (c) => c.body(new Uint8Array(faviconIco()), 200, { 'content-type': 'image/x-icon', 'cache-control': 'public, max-age=86400' }));
  app.route('/governance', createGovernanceApp({ registry, logger }));
  app.route('/api/v1-beta', createRestBetaApp({ registry, logger }));
  // the OpenAPI 3.1 document of the REST API served, generated from the routes' own schemas
  let openApi: string | null = null;
  app.get('/api/openapi.json', (c) => {
    openApi ??= JSON.stringify(openApiDocument(restMethods, PACKAGE_VERSION));
    return c.body(openApi, 200, { 'content-type': 'application/json' });
  });
  app.route('/', createRestApp({ registry, logger, methods: restMethods }));

  const edge = createEdgeApp({ registry, schema: schema.schema });
  app.route('/', edge);
  const edgeApp = new Hono();
  edgeApp.onError(restErrorHandler(logger));
  edgeApp.notFound(notFoundHandler);
  edgeApp.use('*', hosts);
  edgeApp.use('*', cors);
  edgeApp.use('*', requestBodyLimits(config));
  edgeApp.route('/', edge);

  const listenOne = (fetchApp: Hono, port: number, which: 'port' | 'edge-port'): Promise<Server> =>
    new Promise((resolve, reject) => {
      const listener = getRequestListener(fetchApp.fetch, { hostname: config.host });
      // the main port answers governance checks and ingests on their lean routes (the same answers, fewer steps)
      // answers leave together, once per turn of the event loop (src/http/answer-batch.ts)
      const server = createServer(
        { ServerResponse: TurnBatchedResponse },
        which === 'port' ? withGovernanceFastPaths({ registry, maxBodySize: config.maxBodySize, corsOrigins: config.corsOrigins, host: config.host, allowedHosts: config.allowedHosts }, listener) : listener,
      );
      server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, which, port, config.host)));
      server.listen(port, config.host, () => resolve(server));
    });

  const urlOf = (server: Server) => {
    const address = server.address() as AddressInfo;
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  };

  return {
    app,
    edgeApp,
    registry,
    config,
    logger,
    request: async (path, init) => app.request(path, init),
    async listen() {
      const main = await listenOne(app, config.port, 'port');
      servers.push(main);
      websocket = createGraphQLWebSocket({ registry, schema, logger, limits: config, access: config, maxPayload: config.maxBodySize });
      websocket.attach(main);
      let edgeUrl: string | null = null;
      if (config.edgePort >= 0) {
        let edge: Server;
        try {
          edge = await listenOne(edgeApp, config.edgePort, 'edge-port');
        } catch (error) {
          await new Promise<void>((resolve) => main.close(() => resolve()));
          servers.length = 0;
          throw error;
        }
        servers.push(edge);
        edgeUrl = urlOf(edge);
      }
      urls = { url: urlOf(main), edgeUrl };
      ready = true;
      return { url: urls.url!, edgeUrl };
    },
    async close() {
      ready = false;
      await websocket?.close();
      websocket = null;
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              (s as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
            }),
        ),
      );
      servers.length = 0;
      registry.close();
    },
  };
}

/** Why a port cannot be listened on, in one line naming the port and the setting that chose it. */
export class ListenError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly port: number,
    readonly setting: 'port' | 'edge-port',
  ) {
    super(message);
    this.name = 'ListenError';
  }
}

function listenError(error: NodeJS.ErrnoException, which: 'port' | 'edge-port', port: number, host: string): Error {
  const flag = which === 'port' ? '--port (STIGG_EMULATOR_PORT)' : '--edge-port (STIGG_EMULATOR_EDGE_PORT)';
  const hint = which === 'port' ? 'choose another with' : 'choose another (or -1 to turn the edge port off) with';
  const code = error.code ?? 'ERROR';
  if (code === 'EADDRINUSE') {
    return new ListenError(`${which} ${port} on ${host} is already in use: ${hint} ${flag}, or 0 for a free port`, code, port, which);
  }
  if (code === 'EACCES') return new ListenError(`${which} ${port} on ${host} is not allowed for this user: ${hint} ${flag}`, code, port, which);
  if (code === 'EADDRNOTAVAIL') return new ListenError(`cannot bind ${host}: it is not an address of this machine: choose another with --host (STIGG_EMULATOR_HOST)`, code, port, which);
  return new ListenError(`cannot listen on ${host}:${port} (${which}): ${error.message}`, code, port, which);
}
