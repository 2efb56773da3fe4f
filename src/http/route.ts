// What the app composes: a router, and the little the app-wide request guards must know of it before
// any router runs (a longer request-target limit on the paths that take queries in the URL).

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';

export interface Route {
  /** The router: it declares its own paths, methods and preflight (middleware/cors.ts `allowMethods`). */
  handler: RequestHandler;
  /** Paths on which this route accepts request targets up to `maxUrlLength` (longer than the app's limit). */
  longTargets?: { paths: RegExp; maxUrlLength: number };
  /** Answers the route's most common requests before Express (see FastPath). */
  fastPath?: FastPath;
}

/** What the app gives a fast path. */
export interface FastPathContext {
  /** Answer the request with this error through the app's one error handler (after the fast path took it). */
  fail(error: unknown): void;
  /** The request is the fast path's: log it as the access log logs every request, once answered. */
  logAnswered(): void;
}

/**
 * Takes a request before Express, or declines (false) without having read or written anything, and
 * the app handles it. A request taken is answered exactly as the route's Express handler would answer
 * it (same headers, body and errors), only without the app's middleware stack in between.
 */
export type FastPath = (req: IncomingMessage, res: ServerResponse, context: FastPathContext) => boolean;
