// CORS: every response readable from any origin (the data is public, no credentials), and each
// router's preflight and 405 answered from the one list of methods that router declares.

import type { ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import { HttpError } from '../http-error.ts';

/** Response headers scripts on other origins may read: the one list, for every route. */
export const EXPOSED_HEADERS = [
  'Link',
  'ETag',
  'Last-Modified',
  'Content-Location',
  'Content-Length',
  'Content-Range',
  'Content-Encoding',
  'Vary',
  'Allow',
  'Retry-After',
  'Server-Timing',
  'X-SPARQL-Max-Rows',
  'X-SPARQL-Timeout-Ms',
  'X-SPARQL-Rows',
  'X-SPARQL-Triples',
  'X-SPARQL-Truncated',
  'Memento-Datetime',
].join(', ');

/** Request headers a preflight allows: negotiation, conditional and range requests, form and query bodies. */
export const ALLOWED_HEADERS = [
  'Accept',
  'Accept-Language',
  'Accept-Datetime',
  'Content-Type',
  'If-None-Match',
  'If-Modified-Since',
  'Range',
  'If-Range',
].join(', ');

/** How long a browser may keep a preflight answer, seconds. */
const PREFLIGHT_MAX_AGE = '86400';

/** The CORS headers of every response (also set by the fast paths, which answer before this middleware). */
export function setCorsHeaders(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
}

/** CORS headers on every response, errors included (mounted before the request guards). */
export const corsHeaders: RequestHandler = (_req, res, next) => {
  setCorsHeaders(res);
  next();
};

/** The 405 for a method a route does not take, with its Allow header. */
export function methodNotAllowed(method: string, methods: readonly string[]): HttpError {
  const allow = [...methods, 'OPTIONS'].join(', ');
  return new HttpError(405, `Method ${method.slice(0, 20)} is not allowed here. Allowed: ${allow}`, {
    headers: { Allow: allow },
  });
}

/**
 * A route's methods: CORS headers, the preflight (OPTIONS) answered with these methods, 405 for any
 * other method. Returns true when the request was answered (a preflight).
 */
export function answerMethods(req: Request, res: Response, methods: readonly string[]): boolean {
  setCorsHeaders(res);
  if (req.method === 'OPTIONS') {
    const allow = [...methods, 'OPTIONS'].join(', ');
    res.setHeader('Allow', allow);
    res.setHeader('Access-Control-Allow-Methods', allow);
    res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
    res.setHeader('Access-Control-Max-Age', PREFLIGHT_MAX_AGE);
    res.status(204).end();
    return true;
  }
  if (!methods.includes(req.method)) throw methodNotAllowed(req.method, methods);
  return false;
}

/**
 * {@link answerMethods} as middleware for a router's own paths. Mount with
 * `router.all(paths, allowMethods([...]))` in front of the handlers, so Express's own OPTIONS answer
 * never applies.
 */
export function allowMethods(methods: readonly string[]): RequestHandler {
  return (req, res, next) => {
    if (!answerMethods(req, res, methods)) next();
  };
}

/** The methods of read-only routes. */
export const READ_METHODS = ['GET', 'HEAD'] as const;
