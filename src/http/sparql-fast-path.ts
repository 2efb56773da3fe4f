// The SPARQL Protocol's common requests answered before Express (app.ts offers each request to the
// routes' fast paths first): what the endpoint's router (routes/sparql.ts) shares with its fast path.
//
// Only requests whose handling is the route's own are taken: a GET of /sparql with a `query`, a form or
// query POST of declared length within the limit, not conditional, with a Host the app accepts. The
// fast path sets what the app's middleware would (security headers, CORS), logs through the same
// access log, and hands any error to the app's one error handler.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { bareMediaType, MEDIA_TYPES } from '../rdf/formats.ts';
import { setCorsHeaders } from './middleware/cors.ts';
import { setSecurityHeaders } from './middleware/security-headers.ts';
import { hostProblem } from './origin.ts';
import type { FastPath } from './route.ts';

/** How a cache has done since start: lookups that hit and missed, entries and bytes held. */
export interface CacheStats {
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
}

/** What a request to the endpoint is answered by: the Express route and the fast path share it. */
export interface Endpoint {
  /** Headers every /sparql and /queries response carries (the limits; CSP on GET/HEAD /sparql). */
  setHeaders(req: IncomingMessage, res: ServerResponse): void;
  /** Answer a request to /sparql that carries a query (a GET, or a POST whose body is read here). */
  answer(req: IncomingMessage, res: ServerResponse, params?: URLSearchParams): Promise<void>;
  /** The result cache's figures. */
  cacheStats(): CacheStats;
}

/**
 * The protocol's common shapes answered before Express (app.ts runs route fast paths first): a GET of
 * /sparql with a `query` parameter, and a POST of /sparql with a form or query body of declared length
 * within the limit, neither conditional. Anything else goes to the Express route, which answers the same
 * way; an error met on the fast path is answered by the one error handler (`fail`).
 */
export function protocolFastPath(endpoint: Endpoint, maxBodyBytes: number, maxUrlLength: number): FastPath {
  return (req, res, { fail, logAnswered }) => {
    const url = req.url ?? '';
    const h = req.headers;
    if (h['if-none-match'] !== undefined || h['if-modified-since'] !== undefined) return false;
    let params: URLSearchParams | undefined;
    if (req.method === 'GET') {
      if (!url.startsWith('/sparql?') || url.length > maxUrlLength) return false;
      params = new URLSearchParams(url.slice(8));
      if (!params.has('query')) return false; // the Service Description
    } else if (req.method === 'POST') {
      if (url !== '/sparql' || h['transfer-encoding'] !== undefined) return false;
      const type = bareMediaType(h['content-type'] ?? '');
      if (type !== MEDIA_TYPES.formUrlEncoded && type !== MEDIA_TYPES.sparqlQuery) return false;
      if (!(Number(h['content-length']) <= maxBodyBytes)) return false;
    } else {
      return false;
    }
    if (hostProblem(req)) return false; // the app answers 400
    logAnswered();
    // What the app's middleware sets on every response (security headers, CORS), then the route's own.
    setSecurityHeaders(res);
    setCorsHeaders(res);
    endpoint.setHeaders(req, res);
    endpoint.answer(req, res, params).catch(fail);
    return true;
  };
}
