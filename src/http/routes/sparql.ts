// The SPARQL 1.1 Protocol endpoint (/sparql) and stored queries (/queries, /queries/NAME), as a Router.
//
// Every query is checked (sparqljs: updates, SERVICE and functions outside the allow-list refused) before it
// reaches the worker pool or the remote store.
// Response headers (documented in docs/sparql.md):
//   X-SPARQL-Max-Rows, X-SPARQL-Timeout-Ms   the limits that applied
//   X-SPARQL-Rows                            rows in a SELECT result
//   X-SPARQL-Truncated: true|false           whether a SELECT was cut at the row limit
//                                            (JSON results then also carry "truncated": true, "maxRows": N)

import express, { type Request, type Response } from 'express';
import type { Config } from '../../config.ts';
import type { CheckedQuery } from '../../store/check-query.ts';
import { Lru } from '../../store/lru.ts';
import { CONTENT_SECURITY_POLICY } from '../pages/layout.ts';
import { renderStoredQueriesPage } from '../pages/stored-queries.ts';
import { QueryPoolError, type QueryForm, type QueryPool } from '../../store/query-pool.ts';
import type { StoredQuery } from '../../store/stored-queries.ts';
import type { QueryDataset } from '../../store/store.ts';
import { answerIfNotModified, strongEtag } from '../caching.ts';
import { HttpError, setResponseFormat } from '../http-error.ts';
import { checkRequestQuery, queryRunError } from '../query-errors.ts';
import { findFormat, negotiateMediaType, notAcceptable, parseAccept, type Format } from '../negotiate.ts';
import {
  describeService,
  serviceDescriptionHtml,
  writeServiceDescription,
  writeServiceDescriptionJsonLd,
  type ServiceDescriptionInput,
  type SparqlLimits,
} from '../service-description.ts';
import { readProtocolRequest, type ProtocolRequest } from '../sparql-request.ts';
import { allowMethods, READ_METHODS } from '../middleware/cors.ts';
import type { Route } from '../route.ts';

export interface SparqlRouterDeps {
  config: Config;
  /** The worker pool, or any runner with the same contract (e.g. createSparqlQueryRunner over a remote store). */
  pool: Pick<QueryPool, 'run' | 'ready'>;
  /** Changes whenever the data does; part of every ETag. */
  datasetVersion: string;
  storedQueries: StoredQuery[];
  /** The page for a browser's GET /sparql without a query (the query UI hooks in here). */
  renderServiceHtml?: (description: ServiceDescriptionInput) => string;
  /** Content-Security-Policy of GET/HEAD /sparql (the query UI's policy); default: none set here. */
  contentSecurityPolicy?: string;
}

/** The paths this router owns. */
export const SPARQL_PATHS = /^\/(sparql|queries)(\/|$)/;
/** Methods of the endpoint itself (the SPARQL Protocol's GET and POST) and of the stored queries. */
const ENDPOINT_METHODS = ['GET', 'HEAD', 'POST'];

/** SELECT/ASK result formats, in order of preference (the first answers `*\/*`). */
export const RESULT_FORMATS: readonly Format[] = [
  { mediaType: 'application/sparql-results+json', extension: 'json', names: ['srj'], label: 'SPARQL Results JSON' },
  { mediaType: 'application/sparql-results+xml', extension: 'xml', names: ['srx'], label: 'SPARQL Results XML' },
  { mediaType: 'text/csv', extension: 'csv', names: [], label: 'CSV' },
  { mediaType: 'text/tab-separated-values', extension: 'tsv', names: [], label: 'TSV' },
];

/** CONSTRUCT/DESCRIBE result formats, in order of preference. */
export const GRAPH_FORMATS: readonly Format[] = [
  { mediaType: 'text/turtle', extension: 'ttl', names: ['turtle'], label: 'Turtle' },
  { mediaType: 'application/n-triples', extension: 'nt', names: ['ntriples', 'n-triples'], label: 'N-Triples' },
  { mediaType: 'application/ld+json', extension: 'jsonld', names: ['json-ld'], label: 'JSON-LD' },
  { mediaType: 'application/rdf+xml', extension: 'rdfxml', names: ['rdf', 'rdf-xml'], label: 'RDF/XML' },
  { mediaType: 'application/n-quads', extension: 'nq', names: ['nquads', 'n-quads'], label: 'N-Quads', dataset: true },
  { mediaType: 'application/trig', extension: 'trig', names: [], label: 'TriG', dataset: true },
];

/** Service Description formats; HTML is for browsers (ranked by their Accept, never by `*\/*`). */
const DESCRIPTION_FORMATS: readonly Format[] = [
  { mediaType: 'text/turtle', extension: 'ttl', names: ['turtle'], label: 'Turtle' },
  { mediaType: 'application/ld+json', extension: 'jsonld', names: ['json-ld', 'json'], label: 'JSON-LD' },
  { mediaType: 'application/n-triples', extension: 'nt', names: ['ntriples', 'n-triples'], label: 'N-Triples' },
  { mediaType: 'text/html', extension: 'html', names: [], label: 'HTML' },
];

/** Generic types some clients send, served as the matching SPARQL type (slightly less preferred). */
const ALIASES: Record<'results' | 'graph', Record<string, string>> = {
  results: {
    'application/json': 'application/sparql-results+json',
    'application/xml': 'application/sparql-results+xml',
    'text/xml': 'application/sparql-results+xml',
  },
  graph: {
    'application/json': 'application/ld+json',
    'application/xml': 'application/rdf+xml',
    'text/xml': 'application/rdf+xml',
    'text/plain': 'application/n-triples',
  },
};

/**
 * The endpoint as the app mounts it: GET queries may be as long as the advertised query limit,
 * percent-encoded (up to 3 bytes a character), so its paths take longer request targets.
 */
export function createSparqlRoute(deps: SparqlRouterDeps): Route {
  return {
    handler: createSparqlRouter(deps),
    longTargets: { paths: SPARQL_PATHS, maxUrlLength: 3 * deps.config.sparql.maxQueryLength + 1024 },
  };
}

export function createSparqlRouter(deps: SparqlRouterDeps): express.Router {
  const { config, pool, datasetVersion } = deps;
  const limits: SparqlLimits = { ...config.sparql };
  const stored = new Map(deps.storedQueries.map((q) => [q.name, q]));
  const renderHtml = deps.renderServiceHtml ?? serviceDescriptionHtml;
  const router = express.Router();
  // Repeated queries are answered from memory: results are immutable for a dataset version, so the
  // key is (query, format, dataset, row limit) within this router's version. Bounded by bytes.
  const results = new Lru<string, { body: Buffer; rows?: number; truncated: boolean }>(
    2048,
    config.sparql.cacheBytes,
    (r) => r.body.length,
  );

  router.use(['/sparql', '/queries'], (_req, res, next) => {
    res.setHeader('X-SPARQL-Max-Rows', String(limits.maxRows));
    res.setHeader('X-SPARQL-Timeout-Ms', String(limits.timeoutMs));
    next();
  });
  router.all('/sparql', allowMethods(ENDPOINT_METHODS));
  router.all(['/queries', '/queries/:name'], allowMethods(READ_METHODS));
  if (deps.contentSecurityPolicy) {
    const policy = deps.contentSecurityPolicy;
    router.use('/sparql', (req, res, next) => {
      if (req.method === 'GET' || req.method === 'HEAD') res.setHeader('Content-Security-Policy', policy);
      next();
    });
  }

  router.all('/sparql', async (req, res) => {
    const request = await readProtocolRequest(req, limits.maxBodyBytes);
    if (request.query === undefined) {
      if (req.method === 'POST') throw new HttpError(400, 'The request has no query parameter (and no query body)');
      return sendServiceDescription(req, res, request);
    }
    await answerQuery(req, res, request.query, request);
  });

  router.all('/queries', async (req, res) => {
    const offers = ['application/json', 'text/html'];
    const chosen = negotiateMediaType(parseAccept(req.get('accept')), offers);
    res.vary('Accept');
    if (!chosen) throw notAcceptable(offers);
    const base = `${origin(req)}/queries`;
    const list = deps.storedQueries.map((q) => ({
      name: q.name,
      title: q.title,
      ...(q.description ? { description: q.description } : {}),
      form: q.form,
      url: `${base}/${encodeURIComponent(q.name)}`,
      query: q.query,
    }));
    const body =
      chosen.mediaType === 'application/json'
        ? JSON.stringify({ endpoint: `${origin(req)}/sparql`, queries: list }, null, 2) + '\n'
        : renderStoredQueriesPage(list);
    if (chosen.mediaType === 'text/html') res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    send(
      res,
      200,
      chosen.mediaType,
      body,
      etagOf(datasetVersion, 'queries', chosen.mediaType, JSON.stringify(list)),
      req,
    );
  });

  router.all('/queries/:name', async (req, res) => {
    const query = stored.get(String(req.params.name));
    if (!query) {
      throw new HttpError(404, `No stored query named "${String(req.params.name).slice(0, 100)}"`, {
        details: { available: [...stored.keys()] },
      });
    }
    const request = await readProtocolRequest(req, limits.maxBodyBytes);
    if (request.query !== undefined) throw new HttpError(400, 'A stored query takes no query parameter');
    await answerQuery(req, res, query.query, request);
  });

  async function answerQuery(req: Request, res: Response, text: string, request: ProtocolRequest): Promise<void> {
    const checked = check(text);
    const format = chooseResultFormat(checked.form, req.get('accept'), request.format);
    res.vary('Accept');
    setResponseFormat(res, format.mediaType);

    // Conditional GET: the tag is known before running the query, so a match costs no query.
    const etag =
      req.method === 'POST'
        ? undefined
        : etagOf(
            datasetVersion,
            text,
            format.mediaType,
            JSON.stringify(request.dataset ?? null),
            String(limits.maxRows),
          );
    if (etag && answerIfNotModified(req, res, { etag })) return;

    const cacheKey = `${format.mediaType}\u0000${JSON.stringify(request.dataset ?? null)}\u0000${text}`;
    const hit = results.get(cacheKey);
    if (hit) {
      if (hit.rows !== undefined) {
        res.setHeader('X-SPARQL-Rows', String(hit.rows));
        res.setHeader('X-SPARQL-Truncated', String(hit.truncated));
      }
      res.setHeader('Server-Timing', 'cache;desc="hit"');
      send(res, 200, format.mediaType, hit.body, etag, req);
      return;
    }

    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    let result;
    try {
      result = await pool.run({
        query: text,
        form: checked.form,
        mediaType: format.mediaType,
        dataset: request.dataset,
        baseIri: config.base,
        timeoutMs: request.timeoutMs,
        signal: abort.signal,
      });
    } catch (error) {
      if (error instanceof QueryPoolError && error.reason === 'aborted') return; // the client left
      throw queryRunError(error);
    }
    if (result.rows !== undefined) {
      res.setHeader('X-SPARQL-Rows', String(result.rows));
      res.setHeader('X-SPARQL-Truncated', String(result.truncated));
    }
    const bytes = Buffer.from(result.body, 'utf8');
    results.set(cacheKey, { body: bytes, rows: result.rows, truncated: result.truncated });
    res.setHeader(
      'Server-Timing',
      `queue;dur=${result.waitedMs.toFixed(1)}, query;dur=${result.elapsedMs.toFixed(1)}, cache;desc="miss"`,
    );
    send(res, 200, format.mediaType, bytes, etag, req);
  }

  const check = (text: string): CheckedQuery =>
    checkRequestQuery(text, { baseIri: config.base, maxLength: limits.maxQueryLength });

  async function sendServiceDescription(req: Request, res: Response, request: ProtocolRequest): Promise<void> {
    const format = chooseDescriptionFormat(req.get('accept'), request.format);
    res.vary('Accept');
    setResponseFormat(res, format.mediaType);
    const info = await pool.ready().catch((error: unknown) => {
      throw new HttpError(503, 'The SPARQL endpoint is not available: the dataset could not be loaded', {
        cause: error,
      });
    });
    const input: ServiceDescriptionInput = {
      endpoint: `${origin(req)}/sparql`,
      queriesUrl: `${origin(req)}/queries`,
      limits,
      graphs: info.graphs,
      storedQueries: deps.storedQueries,
      datasetVersion,
      datasetIri: `${config.base}dataset`,
    };
    const quads = describeService(input);
    let body: string;
    switch (format.mediaType) {
      case 'text/html':
        body = renderHtml(input);
        break;
      case 'application/ld+json':
        body = await writeServiceDescriptionJsonLd(quads);
        break;
      case 'application/n-triples':
        body = writeServiceDescription(quads, 'N-Triples');
        break;
      default:
        body = writeServiceDescription(quads);
    }
    send(
      res,
      200,
      format.mediaType,
      body,
      etagOf(datasetVersion, 'service-description', format.mediaType, input.endpoint, JSON.stringify(limits)),
      req,
    );
  }

  function origin(req: Request): string {
    return (
      config.server.publicUrl ?? `${req.protocol}://${req.get('host') ?? `${config.server.host}:${config.server.port}`}`
    );
  }

  return router;
}

/** Pick the result format for a query form from `format` (wins) or Accept; 406 lists what the form supports. */
export function chooseResultFormat(
  form: QueryForm,
  accept: string | undefined,
  formatParam: string | undefined,
): Format {
  const kind = form === 'SELECT' || form === 'ASK' ? 'results' : 'graph';
  // The results CSV/TSV formats define no boolean form, so ASK is JSON or XML only.
  const formats = kind === 'graph' ? GRAPH_FORMATS : form === 'ASK' ? RESULT_FORMATS.slice(0, 2) : RESULT_FORMATS;
  if (formatParam !== undefined) {
    const format = findFormat(formats, formatParam);
    if (format) return format;
    const other = findFormat([...RESULT_FORMATS, ...GRAPH_FORMATS], formatParam);
    if (other) {
      throw new HttpError(
        406,
        `format=${formatParam} (${other.mediaType}) cannot carry a ${form} result. Supported: ${formats.map((f) => `${f.extension} (${f.mediaType})`).join(', ')}`,
        {
          details: { supported: formats.map((f) => f.mediaType) },
        },
      );
    }
    const all = [...RESULT_FORMATS, ...GRAPH_FORMATS].map((f) => f.extension).join(', ');
    throw new HttpError(
      400,
      `Unknown format ${JSON.stringify(formatParam.slice(0, 60))}. Known: ${all}, or a media type`,
    );
  }
  const aliases = ALIASES[kind];
  const offers = [
    ...formats.map((f) => ({ mediaType: f.mediaType })),
    ...Object.keys(aliases).map((mediaType) => ({ mediaType, qs: 0.9 })),
  ];
  const chosen = negotiateMediaType(parseAccept(accept), offers);
  if (!chosen) throw notAcceptable(formats.map((f) => f.mediaType));
  const mediaType = aliases[chosen.mediaType] ?? chosen.mediaType;
  return formats.find((f) => f.mediaType === mediaType)!;
}

function chooseDescriptionFormat(accept: string | undefined, formatParam: string | undefined): Format {
  if (formatParam !== undefined) {
    const format = findFormat(DESCRIPTION_FORMATS, formatParam);
    if (!format) {
      throw new HttpError(
        400,
        `Unknown format ${JSON.stringify(formatParam.slice(0, 60))} for the Service Description. Known: ${DESCRIPTION_FORMATS.map((f) => f.extension).join(', ')}`,
      );
    }
    return format;
  }
  // HTML is listed last, so `*/*` and an absent Accept get Turtle and only a browser's Accept gets HTML.
  const chosen = negotiateMediaType(
    parseAccept(accept),
    DESCRIPTION_FORMATS.map((f) => f.mediaType),
  );
  if (!chosen) throw notAcceptable(DESCRIPTION_FORMATS.map((f) => f.mediaType));
  return DESCRIPTION_FORMATS.find((f) => f.mediaType === chosen.mediaType)!;
}

/** A strong validator over the parts that determine the body (the dataset version first). */
function etagOf(version: string, ...parts: string[]): string {
  return strongEtag(version, JSON.stringify(parts));
}

function send(
  res: Response,
  status: number,
  mediaType: string,
  body: string | Buffer,
  etag: string | undefined,
  req: Request,
): void {
  if (etag && answerIfNotModified(req, res, { etag })) return;
  res.status(status);
  res.setHeader('Content-Type', `${mediaType}; charset=utf-8`);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}
