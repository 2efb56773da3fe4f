// /health and /health/ready, as orchestrators expect them; never cached.
//
// /health is liveness: the process answers (dataset version, quad count, date, and how the caches do
// when the app is given their figures). /health/ready is
// readiness: a real query goes through the query backend (the worker pool or the remote store) and
// must come back within a deadline, else 503. Probes are shared: one runs at a time, and its outcome
// answers every readiness request for a second, so polling cannot load the backend.

import express from 'express';
import type { DistInfo } from '../../dump/read-dist.ts';
import { RESULTS_JSON } from '../../rdf/formats.ts';
import type { QueryRunner } from '../../store/query-runner.ts';
import type { Store } from '../../store/store.ts';
import { allowMethods, READ_METHODS } from '../middleware/cors.ts';

/** The probe: an ASK that must touch the data (the union of the named graphs). */
export const READINESS_QUERY = 'ASK { GRAPH ?g { ?s ?p ?o } }';

export interface HealthOptions {
  store: Store;
  dist: DistInfo;
  /** The query backend the SPARQL endpoint uses; absent, the probe asks the store facade. */
  runner?: Pick<QueryRunner, 'run' | 'stats'>;
  /** How long a probe may take, milliseconds (default 2000). */
  deadlineMs?: number;
  /** How long one probe's outcome answers readiness requests, milliseconds (default 1000). */
  reuseMs?: number;
  /** Figures of the caches (SPARQL results, query templates), shown at /health. */
  caches?: () => Record<string, unknown>;
}

interface Outcome {
  ready: boolean;
  body: Record<string, unknown>;
  at: number;
}

export function createHealthRouter(options: HealthOptions): express.Router {
  const { store, dist, runner, caches } = options;
  const deadlineMs = options.deadlineMs ?? 2000;
  const reuseMs = options.reuseMs ?? 1000;
  let last: Outcome | undefined;
  let probing: Promise<Outcome> | undefined;

  const probe = async (): Promise<Outcome> => {
    const started = performance.now();
    const signal = AbortSignal.timeout(deadlineMs);
    try {
      let answered: boolean;
      if (runner) {
        const result = await runner.run({
          query: READINESS_QUERY,
          form: 'ASK',
          mediaType: RESULTS_JSON.mediaType,
          timeoutMs: deadlineMs,
          signal,
        });
        answered = (JSON.parse(result.body.toString()) as { boolean?: unknown }).boolean === true;
      } else {
        const result = await Promise.race([
          store.query(READINESS_QUERY),
          new Promise<never>((_, reject) =>
            signal.addEventListener('abort', () => reject(new Error(`no answer within ${deadlineMs} ms`))),
          ),
        ]);
        answered = result.type === 'boolean' && result.value;
      }
      const stats = runner?.stats();
      return {
        ready: true,
        at: Date.now(),
        body: {
          status: 'ready',
          version: dist.version,
          data: answered,
          probeMs: Math.round(performance.now() - started),
          ...(stats
            ? {
                workers: stats.workers,
                starting: stats.starting,
                replaced: stats.replaced,
                completed: stats.completed,
              }
            : {}),
        },
      };
    } catch (error) {
      const reason = signal.aborted
        ? `the probe query got no answer within ${deadlineMs} ms`
        : error instanceof Error
          ? error.message
          : String(error);
      return { ready: false, at: Date.now(), body: { status: 'not ready', version: dist.version, reason } };
    }
  };

  const router = express.Router();
  router.all(['/health', '/health/ready'], allowMethods(READ_METHODS));
  router.get('/health', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      status: 'ok',
      version: dist.version,
      quads: await store.size(),
      modified: dist.modified.toISOString(),
      ...(caches ? { caches: caches() } : {}),
    });
  });
  router.get('/health/ready', async (_req, res) => {
    if (!last || Date.now() - last.at > reuseMs) {
      probing ??= probe().finally(() => (probing = undefined));
      last = await probing;
    }
    res.setHeader('Cache-Control', 'no-store');
    if (!last.ready) res.setHeader('Retry-After', '5');
    res.status(last.ready ? 200 : 503).json(last.body);
  });
  return router;
}
