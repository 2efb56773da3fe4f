// /health: liveness for load balancers and operators (dataset version, quad count, date); never cached.

import express from 'express';
import type { Store } from '../../store/store.ts';
import type { DistInfo } from '../../dump/read-dist.ts';
import { allowMethods, READ_METHODS } from '../middleware/cors.ts';

export function createHealthRouter(store: Store, dist: DistInfo): express.Router {
  const router = express.Router();
  router.all('/health', allowMethods(READ_METHODS));
  router.get('/health', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok', version: dist.version, quads: await store.size(), modified: dist.modified.toISOString() });
  });
  return router;
}
