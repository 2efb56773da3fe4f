// The publisher app factory: routes, CORS, request guards, one log line per request, the one error
// handler; `start()` listens and returns a handle whose `close()` drains in-flight requests.

import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import type { Quad } from '@rdfjs/types';
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { DataFactory, Parser } from 'n3';
import type { Config } from '../config.ts';
import type { Store } from '../store/store.ts';
import { type Iris, iris as makeIris, ONTOLOGY_IRI } from '../vocab.ts';
import { answerIfNotModified, strongEtag } from './caching.ts';
import { describeResource } from './describe.ts';
import { createDumpsRouter, type DistInfo } from './dumps.ts';
import { createAssetsRouter } from './assets.ts';
import {
  buildResourceView,
  CONTENT_SECURITY_POLICY,
  renderDumpsPage,
  renderErrorPage,
  renderLandingPage,
  renderResourcePage,
} from './html.ts';
import { readLandingData, type LandingData } from './pages/landing-data.ts';
import { uiLanguage } from './pages/layout.ts';
import { asiaOutline } from './pages/map-projection.ts';
import { QUERY_EDITOR_CSP } from './pages/query-editor.ts';
import {
  parseQuoteParam,
  readSourceIndex,
  renderSourcePage,
  resolveHighlight,
  type SourceIndex,
} from './pages/source.ts';
import { errorHandler, HttpError } from './http-error.ts';
import { type JsonLdContext, defaultContext, loadContext } from './rdf-serialize.ts';
import { negotiateLanguage } from './negotiate.ts';
import {
  createDocumentCache,
  createResponseCache,
  responseKey,
  alternates,
  chooseDocumentFormat,
  DATA_CACHE_CONTROL,
  HTML_LANGUAGES,
  pathForIri,
  type ResourceContext,
  sendDocument,
  sendResource,
  SPARQL_PATH,
  splitExtension,
} from './resources.ts';
import { type DatasetFacts, loadVoid, readDatasetFacts } from './well-known.ts';

export interface AppOptions {
  config: Config;
  store: Store;
  dist: DistInfo;
  /** The SPARQL endpoint router (createSparqlRouter), mounted before dereferencing. */
  sparqlRouter?: RequestHandler;
  /** Other routers mounted after the SPARQL router (e.g. /reconcile); they may take POST under ROUTER_PATHS. */
  extraRouters?: RequestHandler[];
  /** The ontology document served whole at /ontology; default `ontology/ontology.ttl` (absent: the store's ontology graph). */
  ontologyFile?: string;
  /** The JSON-LD context; default `ontology/context.jsonld` (absent: one made of vocab.ts prefixes). */
  contextFile?: string;
  /** One line per request, and the start-up line. Default: stdout. */
  log?: (line: string) => void;
  /** 5xx causes (with stacks). Default: stderr. */
  logError?: (line: string) => void;
  /** Longest accepted request target (path + query), characters; longer gets 414. */
  maxUrlLength?: number;
  /** The article shown at /source; default `config.sourceFile`. */
  sourceFile?: string;
}

export interface RunningServer {
  url: string;
  server: Server;
  /** Stop accepting connections, let in-flight requests finish (at most `graceMs`, default 10 s), then resolve. */
  close(graceMs?: number): Promise<void>;
}

export interface App {
  app: Express;
  /** Listen (default: config.server host and port; port 0 picks a free one). */
  start(listen?: { host?: string; port?: number }): Promise<RunningServer>;
}

/** Response headers browser clients may read (CORS). */
const EXPOSED_HEADERS =
  'Link, ETag, Last-Modified, Content-Location, Content-Length, Content-Range, Content-Encoding, Vary, Allow, Retry-After';
const ALLOWED_METHODS = 'GET, HEAD, OPTIONS';
/** Paths whose methods and preflight the SPARQL router answers itself. */
const SPARQL_PATHS = /^\/(sparql|queries)(\/|$)/;
/** Paths whose routers also take POST (the SPARQL Protocol, the reconciliation API). */
const ROUTER_PATHS = /^\/(sparql|queries|reconcile)(\/|$)/;
const RECONCILE_PATHS = /^\/reconcile(\/|$)/;

/** Build the app. Nothing is read from disk or the network here except the optional ontology and context files. */
export async function createApp(options: AppOptions): Promise<App> {
  const { config, store, dist } = options;
  const iris: Iris = makeIris(config.base);
  // One write per line, straight to stdout (console.log formats its arguments on every request).
  const log = options.log ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const maxUrlLength = options.maxUrlLength ?? 2048;
  // A GET query may be as long as the advertised query limit, percent-encoded (up to 3 bytes a character).
  const maxQueryUrlLength = Math.max(maxUrlLength, 3 * config.sparql.maxQueryLength + 1024);
  const context: JsonLdContext =
    (await loadContext(options.contextFile ?? 'ontology/context.jsonld')) ?? defaultContext();
  const ctx: ResourceContext = {
    store,
    iris,
    dist,
    context,
    documents: createDocumentCache(),
    responses: createResponseCache(),
  };
  const ontologyFile = options.ontologyFile ?? 'ontology/ontology.ttl';

  let facts: Promise<DatasetFacts> | undefined;
  const datasetFacts = () => (facts ??= readDatasetFacts(store, iris));
  // Landing pictures and the source index: read once (the store does not change while the app runs).
  let landing: Promise<LandingData> | undefined;
  const landingData = () =>
    (landing ??= readLandingData(store).catch((err: unknown) => {
      landing = undefined;
      throw err;
    }));
  let sourceIndex: Promise<SourceIndex> | undefined;
  const readSource = () =>
    (sourceIndex ??= readSourceIndex(store, iris).catch((err: unknown) => {
      sourceIndex = undefined;
      throw err;
    }));
  const sourceFile = options.sourceFile ?? config.sourceFile;
  let voidQuads: Promise<Quad[]> | undefined;
  const datasetDescription = () => (voidQuads ??= datasetFacts().then((f) => loadVoid({ iris, dist, facts: f })));

  /** The one access-log line: time, method, target, status, type, bytes, duration. */
  const logRequest = (
    method: string,
    target: string,
    status: number,
    type: unknown,
    length: unknown,
    started: bigint,
    finished: boolean,
  ) => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    log(
      `${new Date().toISOString()} ${method} ${target.slice(0, 300)} ${status} ${String(type ?? '-').split(';')[0]} ${length ?? '-'} ${ms.toFixed(1)}ms${finished ? '' : ' (aborted)'}`,
    );
  };

  let shuttingDown = false;
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag'); // our strong ETags only
  app.set('query parser', 'simple');

  // One log line per request, written when the response is done (or the client went away).
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('close', () => {
      logRequest(
        req.method,
        req.originalUrl,
        res.statusCode,
        res.getHeader('content-type'),
        res.getHeader('content-length'),
        started,
        res.writableFinished,
      );
    });
    if (shuttingDown) res.setHeader('Connection', 'close');
    next();
  });

  // CORS on everything; preflight answered here except for the SPARQL router's own paths.
  app.use((req, res, next) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    if (req.method === 'OPTIONS' && !SPARQL_PATHS.test(req.path)) {
      const methods = RECONCILE_PATHS.test(req.path) ? `${ALLOWED_METHODS}, POST` : ALLOWED_METHODS;
      res.setHeader('Allow', methods);
      res.setHeader('Access-Control-Allow-Methods', methods);
      res.setHeader(
        'Access-Control-Allow-Headers',
        'Accept, Accept-Language, Content-Type, If-None-Match, If-Modified-Since, Range, If-Range',
      );
      res.setHeader('Access-Control-Max-Age', '86400');
      res.status(204).end();
      return;
    }
    next();
  });

  // Request guards: over-long targets, bad percent-encoding, traversal, methods.
  app.use((req, _res, next) => {
    const limit = SPARQL_PATHS.test(req.path) ? maxQueryUrlLength : maxUrlLength;
    if (req.originalUrl.length > limit) {
      throw new HttpError(
        414,
        `Request target too long (${req.originalUrl.length} characters, at most ${limit})${limit === maxUrlLength ? '' : '; send long queries with POST'}`,
      );
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(req.path);
    } catch {
      throw new HttpError(400, `Bad percent-encoding in the path ${JSON.stringify(req.path.slice(0, 200))}`);
    }
    if (/(^|\/)\.\.?(\/|$)/.test(decoded) || decoded.includes('\\') || decoded.includes('\0')) {
      throw new HttpError(
        400,
        `Path ${JSON.stringify(decoded.slice(0, 200))} contains "." or ".." segments, a backslash or NUL; not allowed`,
      );
    }
    if (decoded.includes('//'))
      throw new HttpError(404, `No resource at ${JSON.stringify(decoded.slice(0, 200))} (empty path segment)`);
    if (!ROUTER_PATHS.test(req.path) && req.method !== 'GET' && req.method !== 'HEAD') {
      throw new HttpError(405, `${req.method} is not allowed here; use GET or HEAD`, {
        headers: { Allow: ALLOWED_METHODS },
      });
    }
    next();
  });

  app.get('/health', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok', version: dist.version, quads: await store.size(), modified: dist.modified.toISOString() });
  });

  app.use(createAssetsRouter());

  app.get('/', async (req, res) => {
    const chosen = chooseDocumentFormat(req, res);
    const langParam = uiLanguage(typeof req.query.lang === 'string' ? req.query.lang : undefined);
    await sendDocument(req, res, ctx, {
      chosen,
      key: langParam ? `/?lang=${langParam}` : '/',
      quads: datasetDescription,
      html: async (htmlLang) => {
        const f = await datasetFacts();
        return renderLandingPage({
          lang: langParam ?? uiLanguage(htmlLang) ?? 'en',
          data: await landingData(),
          outline: await asiaOutline(),
          pathFor: (iri) => pathForIri(iri, iris),
          title: 'ANMC21 (亞洲主要都市網) linked data',
          description:
            'The Asian Network of Major Cities 21 as traceable linked data: every fact links to the quote or reference it comes from.',
          version: dist.version,
          triples: f.total,
          examples: f.examples.map((iri) => ({
            iri,
            href: pathForIri(iri, iris) ?? iri,
            label: iri.slice(iris.base.length),
          })),
          dumps: dist.files.map((file) => ({ name: file.name, href: `/dumps/${file.name}`, size: file.size })),
          alternates: alternates('/dataset'),
        });
      },
    });
  });

  // The dataset description: the VoID IRI, and its well-known location.
  const sendVoid = async (req: Request, res: Response, extension?: ReturnType<typeof splitExtension>['extension']) => {
    const chosen = chooseDocumentFormat(req, res, extension);
    await sendDocument(req, res, ctx, {
      chosen,
      key: '/dataset',
      resourcePath: '/dataset',
      quads: datasetDescription,
      html: async (lang) => {
        const quads = await datasetDescription();
        const description = {
          iri: iris.dataset,
          forward: quads,
          inverse: [],
          provenance: [],
          labels: [],
          inverseTruncated: false,
        };
        return renderResourcePage(
          buildResourceView(description, {
            pathFor: (i) => pathForIri(i, iris),
            lang,
            alternates: alternates('/dataset'),
            sparqlEndpoint: SPARQL_PATH,
          }),
        );
      },
    });
  };
  app.get('/.well-known/void', (req, res) => sendVoid(req, res));

  app.get('/context.jsonld', (req, res) => {
    res.setHeader('Content-Type', 'application/ld+json; charset=utf-8');
    if (
      answerIfNotModified(req, res, {
        etag: strongEtag(dist.version, '/context.jsonld'),
        lastModified: dist.modified,
        cacheControl: 'public, max-age=3600',
      })
    )
      return;
    res.send(JSON.stringify({ '@context': context }, null, 2) + '\n');
  });

  // The article, line by line, linked both ways with the graph (HTML only: the data is /id/source/article).
  app.get('/source', async (req, res) => {
    const langParam = uiLanguage(typeof req.query.lang === 'string' ? req.query.lang : undefined);
    const lang = langParam ?? uiLanguage(negotiateLanguage(req.get('accept-language'), HTML_LANGUAGES)) ?? 'en';
    const quote = parseQuoteParam(req.query.quote);
    if (req.query.quote !== undefined && !quote)
      throw new HttpError(400, 'The quote parameter must be line-column-endColumn, e.g. 72-105-107');
    res.vary('Accept-Language');
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    const etag = strongEtag(dist.version, JSON.stringify(['/source', lang, quote ?? null]));
    if (answerIfNotModified(req, res, { etag, lastModified: dist.modified, cacheControl: DATA_CACHE_CONTROL })) return;
    let text: string;
    try {
      text = await readFile(sourceFile, 'utf8');
    } catch (err) {
      throw new HttpError(404, 'The source article is not available on this server', { cause: err });
    }
    const index = await readSource();
    const body = renderSourcePage({
      text,
      index,
      lang,
      highlight: quote && resolveHighlight(index, quote),
      pathFor: (iri) => pathForIri(iri, iris) ?? iri,
      sourceName: 'zh.wikipedia.org: 亞洲主要都市網',
    });
    res.setHeader('Content-Length', String(Buffer.byteLength(body)));
    res.end(body);
  });

  app.use(createDumpsRouter({ dist, renderListing: renderDumpsPage }));
  // The query editor page at /sparql loads YASGUI, which needs a relaxed policy (see QUERY_EDITOR_CSP).
  app.use('/sparql', (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') res.setHeader('Content-Security-Policy', QUERY_EDITOR_CSP);
    next();
  });
  if (options.sparqlRouter) app.use(options.sparqlRouter);
  for (const router of options.extraRouters ?? []) app.use(router);

  // Dereferencing: everything else is an IRI under the base (or the ontology namespace).
  app.use(async (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const rp = splitExtension(decodeURIComponent(req.path));
    if (rp.path === '/dataset') return sendVoid(req, res, rp.extension);
    if (rp.path === '/ontology') return sendOntology(req, res, rp.extension);
    await sendResource(req, res, ctx, rp);
  });

  /** The whole ontology: ontology/ontology.ttl if present, else the store's ontology graph; HTML: the ontology resource's page. */
  async function sendOntology(
    req: Request,
    res: Response,
    extension: ReturnType<typeof splitExtension>['extension'],
  ): Promise<void> {
    const chosen = chooseDocumentFormat(req, res, extension);
    const quads = await ontologyQuads();
    if (quads.length === 0)
      throw new HttpError(
        404,
        `No ontology in this dataset (no ${ontologyFile}, empty graph <${iris.graph('ontology')}>)`,
      );
    await sendDocument(req, res, ctx, {
      chosen,
      key: '/ontology',
      resourcePath: '/ontology',
      quads: async () => quads,
      html: async (lang) => {
        const d = (await describeResource(store, ONTOLOGY_IRI, { iris })) ?? {
          iri: ONTOLOGY_IRI,
          forward: quads.filter((q) => q.subject.value === ONTOLOGY_IRI),
          inverse: [],
          provenance: [],
          labels: [],
          inverseTruncated: false,
        };
        return renderResourcePage(
          buildResourceView(d, {
            pathFor: (i) => pathForIri(i, iris),
            lang,
            alternates: alternates('/ontology'),
            sparqlEndpoint: SPARQL_PATH,
          }),
        );
      },
    });
  }

  let ontology: Promise<Quad[]> | undefined;
  function ontologyQuads(): Promise<Quad[]> {
    return (ontology ??= (async () => {
      try {
        return new Parser({ format: 'text/turtle' }).parse(await readFile(ontologyFile, 'utf8'));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      return store.match(null, null, null, DataFactory.namedNode(iris.graph('ontology')));
    })());
  }

  app.use(
    errorHandler({
      renderHtml: renderErrorPage,
      logError: options.logError,
      contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    }),
  );

  async function start(listen: { host?: string; port?: number } = {}): Promise<RunningServer> {
    const host = listen.host ?? config.server.host;
    const port = listen.port ?? config.server.port;
    // Fast path: a plain GET whose exact response is cached (a dereferenced document: immutable for
    // this dataset version) is answered without Express, logged like any other request.
    const responses = ctx.responses!;
    const server = createServer((req, res) => {
      const h = req.headers;
      if (
        req.method === 'GET' &&
        !shuttingDown &&
        !h['if-none-match'] &&
        !h['if-modified-since'] &&
        !h.range &&
        !h['if-range'] &&
        req.url
      ) {
        const hit = responses.get(responseKey(req.url, h));
        if (hit) {
          const started = process.hrtime.bigint();
          res.writeHead(200, hit.headers);
          res.end(hit.body);
          logRequest(
            'GET',
            req.url,
            200,
            hit.headers.find(([n]) => n === 'content-type')?.[1],
            hit.body.length,
            started,
            true,
          );
          return;
        }
      }
      app(req, res);
    });
    server.listen(port, host);
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    const address = server.address() as AddressInfo;
    const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
    return {
      url,
      server,
      close: (graceMs = 10_000) =>
        new Promise<void>((resolve, reject) => {
          shuttingDown = true;
          const timer = setTimeout(() => server.closeAllConnections(), graceMs);
          timer.unref();
          server.close((err) => {
            clearTimeout(timer);
            if (err) reject(err);
            else resolve();
          });
          server.closeIdleConnections();
        }),
    };
  }

  return { app, start };
}
