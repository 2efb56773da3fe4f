// The SPARQL 1.1 Protocol endpoint (/sparql) and stored queries (/queries, /queries/NAME), as a Router.
//
// Every query is checked (sparqljs: updates, SERVICE and functions outside the allow-list refused) before it
// reaches the worker pool or the remote store.
// Response headers (documented in docs/sparql.md):
//   X-SPARQL-Max-Rows, X-SPARQL-Timeout-Ms   the limits that applied
//   X-SPARQL-Rows                            rows in a SELECT result
//   X-SPARQL-Triples                         triples in a CONSTRUCT/DESCRIBE result
//   X-SPARQL-Truncated: true|false           whether the result was cut at a limit (rows, triples, bytes)
//                                            or may lack triples (JSON results then also carry
//                                            "truncated": true, "maxRows": N and, if bytes cut, "maxBytes")
// Identical queries in flight are run once (store/single-flight.ts); results are cached by bytes.
// The protocol's common requests take a fast path before Express (../sparql-fast-path.ts), answered by
// the same `endpoint` as the route.
//
// Size: the endpoint, the stored queries and the Service Description share one closure (limits,
// checker, result cache, in-flight queries, releases); split, each part would take all of it.

import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Request, type Response } from 'express';
import type { Config } from '../../config.ts';
import { createQueryChecker, type QueryChecker, type QuerySummary } from '../../store/query-checker.ts';
import { Lru } from '../../store/lru.ts';
import { SingleFlight } from '../../store/single-flight.ts';
import { CONTENT_SECURITY_POLICY } from '../pages/layout.ts';
import { renderStoredQueriesPage } from '../pages/stored-queries.ts';
import type { QueryRunner, ReleaseSource } from '../../store/query-runner.ts';
import type { StoredQuery } from '../../store/stored-queries.ts';
import { answerIfNotModified, strongEtag } from '../caching.ts';
import { HttpError, setResponseFormat } from '../http-error.ts';
import { checkRequestQuery, queryRunError } from '../query-errors.ts';
import { chooseFormat, negotiateMediaType, notAcceptable, parseAccept, varyOn } from '../negotiate.ts';
import {
  describeService,
  serviceDescriptionHtml,
  type ServiceDescriptionInput,
  type SparqlLimits,
} from '../service-description.ts';
import {
  formatsForQuery,
  HTML,
  isGraphForm,
  JSON_LD,
  MEDIA_TYPES,
  N_TRIPLES,
  RDF_FORMATS,
  RESULTS_FORMATS,
  TURTLE,
  contentType,
  type Format,
  type QueryForm,
} from '../../rdf/formats.ts';
import { serializeQuads } from '../../rdf/serialize.ts';
import { readProtocolRequest, type ProtocolRequest } from '../sparql-request.ts';
import { allowMethods, READ_METHODS } from '../middleware/cors.ts';
import type { Route } from '../route.ts';
import { publicOrigin } from '../origin.ts';
import { type CacheStats, type Endpoint, protocolFastPath } from '../sparql-fast-path.ts';

export interface SparqlRouterDeps {
  config: Config;
  /** The worker pool, or any runner with the same contract (e.g. createSparqlQueryRunner over a remote store). */
  pool: Pick<QueryRunner, 'run' | 'ready'>;
  /** Changes whenever the data does; part of every ETag. */
  datasetVersion: string;
  storedQueries: StoredQuery[];
  /** The page for a browser's GET /sparql without a query (the query UI hooks in here). */
  renderServiceHtml?: (description: ServiceDescriptionInput) => string;
  /** Content-Security-Policy of GET/HEAD /sparql (the query UI's policy); default: none set here. */
  contentSecurityPolicy?: string;
  /** Checks queries (long ones off the main thread); default: a checker of its own. */
  checker?: QueryChecker;
  /**
   * The releases a query may name with `release=` (oldest first): absent where the runner cannot load
   * them (a remote store holds the current data only).
   */
  releases?: readonly QueryableRelease[];
}

/** A release as the endpoint offers it. */
export interface QueryableRelease extends ReleaseSource {
  /** Its IRI (`{base}releases/{version}`), for the Service Description. */
  iri: string;
}

/** The paths this router owns. */
export const SPARQL_PATHS = /^\/(sparql|queries)(\/|$)/;
/** Methods of the endpoint itself (the SPARQL Protocol's GET and POST) and of the stored queries. */
const ENDPOINT_METHODS = ['GET', 'HEAD', 'POST'];

/** Service Description formats; HTML is for browsers (ranked by their Accept, never by `*\/*`). */
const DESCRIPTION_FORMATS: readonly Format[] = [TURTLE, JSON_LD, N_TRIPLES, HTML];

/**
 * The endpoint as the app mounts it: GET queries may be as long as the advertised query limit,
 * percent-encoded (up to 3 bytes a character), so its paths take longer request targets.
 */
export function createSparqlRoute(deps: SparqlRouterDeps): Route & { cacheStats(): CacheStats } {
  const maxUrlLength = 3 * deps.config.sparql.maxQueryLength + 1024;
  const router = createSparqlRouter(deps);
  return {
    handler: router,
    longTargets: { paths: SPARQL_PATHS, maxUrlLength },
    fastPath: protocolFastPath(router.endpoint, deps.config.sparql.maxBodyBytes, maxUrlLength),
    cacheStats: router.endpoint.cacheStats,
  };
}

/** The router of /sparql and /queries; `endpoint` is what its fast path shares with it. */
export function createSparqlRouter(deps: SparqlRouterDeps): express.Router & { endpoint: Endpoint } {
  const { config, pool, datasetVersion } = deps;
  const checker = deps.checker ?? createQueryChecker({ eager: false });
  const limits: SparqlLimits = { ...config.sparql };
  const stored = new Map(deps.storedQueries.map((q) => [q.name, q]));
  const renderHtml = deps.renderServiceHtml ?? serviceDescriptionHtml;
  const router = express.Router();
  // Repeated queries are answered from memory: results are immutable for a dataset version, so the
  // key is (query, format, dataset, row limit) within this router's version. Bounded by bytes.
  const results = new Lru<string, Answer>(
    2048,
    config.sparql.cacheBytes,
    // Keys hold the query text: weighed too, or unique long queries would grow it past its bytes.
    (r, key) => r.body.length + 2 * key.length + 64,
  );
  const [maxRowsText, timeoutText] = [String(limits.maxRows), String(limits.timeoutMs)];

  // Identical queries running at once share one evaluation (a burst on a cold cache runs once).
  const flights = new SingleFlight<string, Answer>();

  const endpoint: Endpoint = {
    setHeaders(req, res) {
      res.setHeader('X-SPARQL-Max-Rows', maxRowsText);
      res.setHeader('X-SPARQL-Timeout-Ms', timeoutText);
      // Inside the router Express strips the mount path from req.url; originalUrl keeps it.
      const url = (req as { originalUrl?: string }).originalUrl ?? req.url;
      if (deps.contentSecurityPolicy && (req.method === 'GET' || req.method === 'HEAD') && isEndpointPath(url))
        res.setHeader('Content-Security-Policy', deps.contentSecurityPolicy);
    },
    cacheStats: () => ({ hits: results.hits, misses: results.misses, entries: results.size, bytes: results.totalSize }),
    async answer(req, res, params) {
      const request = await readProtocolRequest(req, limits.maxBodyBytes, params);
      if (request.query === undefined)
        throw new HttpError(400, 'The request has no query parameter (and no query body)');
      await answerQuery(req, res, request.query, request);
    },
  };

  router.use(['/sparql', '/queries'], (req, res, next) => {
    endpoint.setHeaders(req, res);
    next();
  });
  router.all('/sparql', allowMethods(ENDPOINT_METHODS));
  router.all(['/queries', '/queries/:name'], allowMethods(READ_METHODS));

  router.all('/sparql', async (req, res) => {
    const params = new URL(req.originalUrl, 'http://localhost').searchParams;
    if ((req.method === 'GET' || req.method === 'HEAD') && !params.has('query')) {
      return sendServiceDescription(req, res, await readProtocolRequest(req, limits.maxBodyBytes, params));
    }
    await endpoint.answer(req, res, params);
  });

  router.all('/queries', async (req, res) => {
    const offers = [MEDIA_TYPES.json, MEDIA_TYPES.html];
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
      chosen.mediaType === MEDIA_TYPES.json
        ? JSON.stringify({ endpoint: `${origin(req)}/sparql`, queries: list }, null, 2) + '\n'
        : renderStoredQueriesPage(list);
    if (chosen.mediaType === MEDIA_TYPES.html) res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
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

  /** The release `release=` names (a version, or `latest`); 400 for one there is not. */
  function chosenRelease(name: string | undefined): QueryableRelease | undefined {
    if (name === undefined) return undefined;
    const releases = deps.releases ?? [];
    if (!deps.releases)
      throw new HttpError(400, 'This endpoint answers over the current data only: its store holds no release');
    const found = name === 'latest' ? releases.at(-1) : releases.find((r) => r.version === name);
    if (!found) {
      throw new HttpError(
        400,
        `No release ${JSON.stringify(name.slice(0, 40))}. The release parameter takes one of: ${[...releases.map((r) => r.version), 'latest'].join(', ')}`,
        { details: { releases: releases.map((r) => r.version) } },
      );
    }
    return found;
  }

  async function answerQuery(
    req: IncomingMessage,
    res: ServerResponse,
    text: string,
    request: ProtocolRequest,
  ): Promise<void> {
    const release = chosenRelease(request.release);
    const checked = await check(text);
    const format = chooseResultFormat(checked.form, req.headers.accept, request.format);
    varyOn(res, 'Accept');
    setResponseFormat(res, format.mediaType);

    // Conditional GET: the tag is known before running the query, so a match costs no query.
    const etag =
      req.method === 'POST'
        ? undefined
        : etagOf(
            // A release never changes: its version names its data.
            release ? `r${release.version}` : datasetVersion,
            text,
            format.mediaType,
            JSON.stringify(request.dataset ?? null),
            String(limits.maxRows),
          );
    if (etag && answerIfNotModified(req, res, { etag })) return;

    const cacheKey = `${format.mediaType}\u0000${JSON.stringify(request.dataset ?? null)}\u0000${release?.version ?? ''}\u0000${text}`;
    const hit = results.get(cacheKey);
    if (hit) {
      setResultHeaders(res, hit);
      res.setHeader('Server-Timing', 'cache;desc="hit"');
      send(res, 200, format.mediaType, hit.body, etag, req);
      return;
    }

    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    let answer: Answer;
    try {
      answer = await flights.run(
        `${cacheKey}\u0000${request.timeoutMs ?? ''}`,
        async (signal) => {
          const result = await pool.run({
            query: text,
            checked,
            form: checked.form,
            mediaType: format.mediaType,
            dataset: request.dataset,
            baseIri: config.base,
            ...(release ? { release: { version: release.version, path: release.path } } : {}),
            timeoutMs: request.timeoutMs,
            signal,
          });
          const evaluated: Answer = {
            body: result.body,
            rows: result.rows,
            triples: result.triples,
            truncated: result.truncated,
            timing: `queue;dur=${result.waitedMs.toFixed(1)}, query;dur=${result.elapsedMs.toFixed(1)}`,
          };
          results.set(cacheKey, evaluated);
          return evaluated;
        },
        abort.signal,
      );
    } catch (error) {
      if (abort.signal.aborted) return; // the client left
      throw queryRunError(error);
    }
    setResultHeaders(res, answer);
    res.setHeader('Server-Timing', `${answer.timing ? `${answer.timing}, ` : ''}cache;desc="miss"`);
    send(res, 200, format.mediaType, answer.body, etag, req);
  }

  const check = (text: string): Promise<QuerySummary> =>
    checkRequestQuery(checker, text, {
      baseIri: config.base,
      maxLength: limits.maxQueryLength,
      shape: { maxDepth: limits.maxQueryDepth, maxOperators: limits.maxQueryOperators },
    });

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
      ...(deps.releases ? { releases: deps.releases } : {}),
    };
    const body = format.kind === 'rdf' ? await serializeQuads(describeService(input), format) : renderHtml(input);
    send(
      res,
      200,
      format.mediaType,
      body,
      etagOf(
        datasetVersion,
        'service-description',
        format.mediaType,
        input.endpoint,
        JSON.stringify(limits),
        JSON.stringify(deps.releases?.map((r) => r.version) ?? null),
      ),
      req,
    );
  }

  const origin = (req: Request): string => publicOrigin(req, config.server.publicUrl);

  return Object.assign(router, { endpoint });
}

/** The endpoint's own path (`/sparql`, with or without a query string), not /queries. */
function isEndpointPath(url: string | undefined): boolean {
  return url !== undefined && (url === '/sparql' || url.startsWith('/sparql?'));
}

/** Chosen result formats by form, Accept and `format=` (clients send few distinct headers). */
const chosenFormats = new Lru<string, Format>(256, 1_000_000, (_, key) => 2 * key.length);

/** A query's answer as sent and cached: the bytes, and the counts and flag of the X-SPARQL-* headers. */
interface Answer {
  body: Buffer;
  rows?: number;
  triples?: number;
  truncated: boolean;
  /** Server-Timing of the evaluation. */
  timing?: string;
}

function setResultHeaders(res: ServerResponse, answer: Answer): void {
  if (answer.rows !== undefined) res.setHeader('X-SPARQL-Rows', String(answer.rows));
  if (answer.triples !== undefined) res.setHeader('X-SPARQL-Triples', String(answer.triples));
  if (answer.rows !== undefined || answer.triples !== undefined)
    res.setHeader('X-SPARQL-Truncated', String(answer.truncated));
}

/**
 * Pick the result format for a query form from `format` (wins) or Accept, by the name rules of
 * rdf/formats.ts; a graph query whose Accept names only results formats gets Turtle, and a SELECT/ASK
 * whose Accept names only RDF formats gets SPARQL JSON. 406 lists what the form supports.
 */
export function chooseResultFormat(form: QueryForm, accept: string | undefined, formatParam: unknown): Format {
  const key =
    formatParam === undefined || (Array.isArray(formatParam) && formatParam.every((f) => typeof f === 'string'))
      ? `${form}\u0000${accept ?? '\u0001'}\u0000${formatParam === undefined ? '\u0001' : (formatParam as string[]).join('\u0000')}`
      : undefined;
  const known = key === undefined ? undefined : chosenFormats.get(key);
  if (known) return known;
  const formats = formatsForQuery(form);
  const chosen = chooseFormat(
    formats,
    { accept, formatParam },
    { answer: `a ${form} result`, otherKind: isGraphForm(form) ? RESULTS_FORMATS : RDF_FORMATS },
  ).format;
  if (key !== undefined) chosenFormats.set(key, chosen);
  return chosen;
}

function chooseDescriptionFormat(accept: string | undefined, formatParam: unknown): Format {
  // HTML is listed last, so `*/*` and an absent Accept get Turtle and only a browser's Accept gets HTML.
  return chooseFormat(DESCRIPTION_FORMATS, { accept, formatParam }, { answer: 'the Service Description' }).format;
}

/** A strong validator over the parts that determine the body (the dataset version first). */
function etagOf(version: string, ...parts: string[]): string {
  return strongEtag(version, JSON.stringify(parts));
}

function send(
  res: ServerResponse,
  status: number,
  mediaType: string,
  body: string | Buffer,
  etag: string | undefined,
  req: IncomingMessage,
): void {
  if (etag && answerIfNotModified(req, res, { etag })) return;
  res.statusCode = status;
  res.setHeader('Content-Type', contentType(mediaType));
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}
