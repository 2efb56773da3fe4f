// The publisher app factory: composes the middleware (access log, CORS, request guards), the routes in
// order (each declares its own paths and methods, in routes/) and the one error handler; `start()`
// listens with the fast path in front and returns a handle whose `close()` drains in-flight requests.

import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Express, type RequestHandler } from 'express';
import type { Config } from '../config.ts';
import type { QueryRunner } from '../store/query-runner.ts';
import type { Store } from '../store/store.ts';
import { type Iris, iris as makeIris } from '../vocab.ts';
import type { DistInfo } from '../dump/read-dist.ts';
import { answerFromCache, createResponseCache } from './fast-path.ts';
import { renderDumpsPage } from './pages/dumps-page.ts';
import { renderErrorPage } from './pages/error-page.ts';
import { CONTENT_SECURITY_POLICY } from './pages/layout.ts';
import { listen, type RunningServer } from './listen.ts';
import { CLIENT_CLOSED, createAccessLog, type AccessLog } from './middleware/access-log.ts';
import { errorHandler } from './middleware/error-handler.ts';
import { corsHeaders } from './middleware/cors.ts';
import { requestGuards } from './middleware/request-guards.ts';
import { requestHost } from './middleware/request-host.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { defaultContext, loadContext, type JsonLdContext } from '../rdf/jsonld.ts';
import { createDocumentCache, type ResourceContext } from './send-document.ts';
import { SingleFlight } from '../store/single-flight.ts';
import type { FastPathContext, Route } from './route.ts';
import { createAssetsRouter } from './routes/assets.ts';
import { createDatasetDescription, createDatasetRouter } from './routes/dataset.ts';
import { createDumpsRouter } from './routes/dumps.ts';
import { createHealthRouter } from './routes/health.ts';
import { createLandingRouter } from './routes/landing.ts';
import { createOntologyRouter } from './routes/ontology.ts';
import { createReleasesRouter, listing as releaseListing } from './routes/releases.ts';
import { createResourcesRouter } from './routes/resources.ts';
import { releaseDescriptions, type TimeTravel } from './time-travel.ts';
import { createSourceRouter } from './routes/source.ts';

export interface AppOptions {
  config: Config;
  store: Store;
  dist: DistInfo;
  /** Routes made elsewhere (the SPARQL endpoint, redirects, reconciliation), mounted in order before dereferencing. */
  routes?: Route[];
  /** The ontology document served whole at /ontology; default config.files.ontology (absent: the store's ontology graph). */
  ontologyFile?: string;
  /** The JSON-LD context; default config.files.context (absent: one made of vocab.ts prefixes). */
  contextFile?: string;
  /** One line per request, and the start-up line. Default: stdout. */
  log?: (line: string) => void;
  /** 5xx causes (with stacks). Default: stderr. */
  logError?: (line: string) => void;
  /** Longest accepted request target (path + query), characters; longer gets 414 (routes may raise it on their paths). */
  maxUrlLength?: number;
  /** The article shown at /source; default config.files.source. */
  sourceFile?: string;
  /** The query backend of the SPARQL endpoint, probed by /health/ready; absent, the store is probed. */
  runner?: Pick<QueryRunner, 'run' | 'stats'>;
  /** Figures of caches outside the app (the SPARQL results, query templates), shown at /health. */
  caches?: () => Record<string, unknown>;
  /** The releases: Mementos, TimeMaps, changesets, and the TimeGate on the current documents. */
  timeTravel?: TimeTravel;
}

export interface App {
  app: Express;
  /** Listen (default: config.server host and port; port 0 picks a free one). */
  start(listen?: { host?: string; port?: number }): Promise<RunningServer>;
}

/** Build the app. Nothing is read from disk or the network here except the optional context file. */
export async function createApp(options: AppOptions): Promise<App> {
  const { config, store, dist } = options;
  const iris: Iris = makeIris(config.base);
  // One write per line, straight to stdout (console.log formats its arguments on every request).
  const accessLog = createAccessLog(options.log ?? ((line: string) => void process.stdout.write(`${line}\n`)));
  const context: JsonLdContext = (await loadContext(options.contextFile ?? config.files.context)) ?? defaultContext();
  const ctx: ResourceContext = {
    store,
    iris,
    dist,
    context,
    documents: createDocumentCache(),
    renders: new SingleFlight(),
    descriptions: new SingleFlight(),
    responses: createResponseCache(),
  };
  const timeTravel = options.timeTravel;
  const description = createDatasetDescription(
    store,
    iris,
    dist,
    timeTravel && (() => releaseDescriptions(timeTravel, iris.base, dist.version)),
  );

  const routes: Route[] = [
    { handler: createHealthRouter({ store, dist, runner: options.runner, caches: options.caches }) },
    { handler: createAssetsRouter() },
    { handler: createLandingRouter(ctx, description) },
    { handler: createDatasetRouter(ctx, description, context) },
    { handler: createSourceRouter(ctx, options.sourceFile ?? config.files.source) },
    {
      handler: createDumpsRouter({
        dist,
        releases: timeTravel ? releaseListing(timeTravel) : [],
        renderListing: renderDumpsPage,
      }),
    },
    ...(timeTravel ? [{ handler: createReleasesRouter({ ctx, timeTravel }) }] : []),
    ...(options.routes ?? []),
    { handler: createOntologyRouter(ctx, options.ontologyFile ?? config.files.ontology) },
    // Dereferencing: everything else is an IRI under the base (or the ontology namespace), and with
    // releases each entity and graph is also its own TimeGate.
    { handler: createResourcesRouter(ctx, timeTravel) },
  ];

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag'); // our strong ETags only
  app.set('query parser', 'simple');
  app.use(accessLog.middleware);
  // A request a fast path took and then failed goes from here straight to the error handler, with the
  // headers the fast path set (those of the middleware below and of its route).
  const fast = fastPathsFor(app, routes, accessLog);
  app.use(fast.handOver);
  app.use(securityHeaders);
  app.use(corsHeaders);
  app.use(requestHost);
  app.use(requestGuards({ maxUrlLength: options.maxUrlLength ?? 2048, routes }));
  for (const route of routes) app.use(route.handler);
  app.use(
    errorHandler({
      renderHtml: renderErrorPage,
      logError: options.logError,
      contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    }),
  );

  const start = (at: { host?: string; port?: number } = {}): Promise<RunningServer> =>
    listen(app, {
      host: at.host ?? config.server.host,
      port: at.port ?? config.server.port,
      // The routes' fast paths first: each refuses a request not its own on its first test of the URL,
      // while a cache lookup builds a key (a query URL is long) for requests it can never hold.
      before: (req, res) => fast.before(req, res) || answerFromCache(req, res, ctx.responses!, accessLog),
    });
  return { app, start };
}

export interface FastPaths {
  /** Offer a request to each route's fast path in turn; true when one took it. */
  before(req: IncomingMessage, res: ServerResponse): boolean;
  /**
   * Middleware to mount right after the access log: a request a fast path took and then
   * failed arrives here and goes straight to the error handler with its error.
   */
  handOver: RequestHandler;
}

/** The fast paths of `routes` (route.ts) in front of `app`, logged by `accessLog` like any request. */
export function fastPathsFor(app: Express, routes: readonly Route[], accessLog: AccessLog): FastPaths {
  const paths = routes.flatMap((r) => (r.fastPath ? [r.fastPath] : []));
  const failed = new WeakMap<IncomingMessage, { error: unknown }>();
  const contextOf = (req: IncomingMessage, res: ServerResponse): FastPathContext => {
    let handedOver = false;
    return {
      fail(error) {
        handedOver = true;
        failed.set(req, { error });
        app(req, res);
      },
      logAnswered() {
        const started = process.hrtime.bigint();
        res.once('close', () => {
          if (handedOver) return; // the app's access log has it
          const type = res.getHeader('content-type');
          const length = res.getHeader('content-length');
          accessLog.record(
            req.method ?? '-',
            req.url ?? '-',
            // The client left before any answer was sent: logged as the access log does (499).
            res.headersSent || res.writableFinished ? res.statusCode : CLIENT_CLOSED,
            type,
            length,
            started,
            res.writableFinished,
          );
        });
      },
    };
  };
  return {
    before: (req, res) => paths.length > 0 && paths.some((fast) => fast(req, res, contextOf(req, res))),
    handOver: (req, _res, next) => {
      const failure = failed.get(req);
      if (!failure) return next();
      failed.delete(req);
      next(failure.error);
    },
  };
}
