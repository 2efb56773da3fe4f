// What the app composes: a router, and the little the app-wide request guards must know of it before
// any router runs (a longer request-target limit on the paths that take queries in the URL).

import type { RequestHandler } from 'express';

export interface Route {
  /** The router: it declares its own paths, methods and preflight (middleware/cors.ts `allowMethods`). */
  handler: RequestHandler;
  /** Paths on which this route accepts request targets up to `maxUrlLength` (longer than the app's limit). */
  longTargets?: { paths: RegExp; maxUrlLength: number };
}
