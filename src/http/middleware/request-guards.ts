// Request guards, before any router: over-long request targets (414), malformed percent-encoding,
// dot segments, backslashes and NUL (400), empty path segments (404). Bounded work on hostile input.

import type { RequestHandler } from 'express';
import { HttpError } from '../http-error.ts';
import type { Route } from '../route.ts';

export interface RequestGuardOptions {
  /** Longest accepted request target (path + query), characters. */
  maxUrlLength: number;
  /** Routes whose `longTargets` raise the limit on their paths. */
  routes: readonly Route[];
}

export function requestGuards({ maxUrlLength, routes }: RequestGuardOptions): RequestHandler {
  const longer = routes.flatMap((r) => (r.longTargets ? [r.longTargets] : []));
  return (req, _res, next) => {
    const limit = Math.max(maxUrlLength, longer.find((l) => l.paths.test(req.path))?.maxUrlLength ?? 0);
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
    next();
  };
}
