// Renamed identifiers answer 301 with their new path (data/redirects.tsv, read by links/redirects.ts),
// the format extension and the query kept, so published links keep working.

import express from 'express';
import type { Redirect } from '../../links/redirects.ts';

/** 301 from each old path (and its format extensions) to the new one. */
export function createRedirectRouter(redirects: readonly Redirect[]): express.Router {
  const map = new Map(redirects.map((r) => [`/${r.old}`, `/${r.new}`]));
  const router = express.Router();
  router.use((req, res, next) => {
    const m = /^(.*?)(\.[a-z]+)?$/.exec(req.path)!;
    const target = map.get(m[1]);
    if (!target || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    res.redirect(301, `${target}${m[2] ?? ''}${query}`);
  });
  return router;
}
