// Test server for the SPARQL e2e and client tiers: the real router, pool and error handler on port 0.
//
// The app is a minimal express app with the SPARQL router, the shared error handler, and two cheap
// main-thread routes (/health and a dereference-like /id/*) to show they stay fast while queries run.
// As in production, the route's fast path answers the protocol's common requests before Express
// (`fastPath: false` serves everything through Express, for comparing the two).
// Queries run on the worker pool over an in-memory store, or, when ANMC21_TEST_BACKEND=sparql
// (test-backend.ts), on the remote runner over Virtuoso holding the same dataset.
import express from 'express';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config.ts';
import { errorHandler } from '../../src/http/middleware/error-handler.ts';
import { fastPathsFor } from '../../src/http/app.ts';
import { listen } from '../../src/http/listen.ts';
import { createAccessLog } from '../../src/http/middleware/access-log.ts';
import { corsHeaders } from '../../src/http/middleware/cors.ts';
import { requestHost } from '../../src/http/middleware/request-host.ts';
import { securityHeaders } from '../../src/http/middleware/security-headers.ts';
import { createSparqlRoute } from '../../src/http/routes/sparql.ts';
import { createOxigraphStore } from '../../src/store/oxigraph-store.ts';
import { createQueryPool, queryPoolOptions, type QueryPool } from '../../src/store/query-pool.ts';
import { createSparqlQueryRunner } from '../../src/store/remote/query-runner.ts';
import { createSparqlStore } from '../../src/store/remote/sparql-store.ts';
import type { Store } from '../../src/store/store.ts';
import { loadStoredQueries } from '../../src/store/stored-queries.ts';
import { SUITES } from '../conformance/support/w3c.ts';
import { connectRemoteDataset, ON_REMOTE, TEST_BACKEND, type RemoteDataset, type TestBackend } from './test-backend.ts';

const FIXTURES = new URL('../fixtures/sparql/', import.meta.url);

/** The fixture dataset plus the W3C protocol tests' graphs (data1..3.nt under their kasei.us names). */
export function testDataset(): string {
  let trig = readFileSync(new URL('dataset.trig', FIXTURES), 'utf8');
  for (const n of [1, 2, 3]) {
    trig += `\n<http://kasei.us/2009/09/sparql/data/data${n}.rdf> {\n${readFileSync(path.join(SUITES.sparql11.dir, 'protocol', `data${n}.nt`), 'utf8')}}\n`;
  }
  return trig;
}

/** The Content-Security-Policy the test endpoint's GET/HEAD /sparql responses carry. */
export const TEST_CSP = "default-src 'self'; frame-ancestors 'none'";

export interface TestServer {
  url: string;
  config: Config;
  backend: TestBackend;
  /** The worker pool, or the remote runner (the same contract; it has no workers to replace). */
  pool: Pick<QueryPool, 'run' | 'ready' | 'stats' | 'close'>;
  /**
   * What reached the store: on the remote backend the requests through the counting proxy (and their
   * bodies); in memory the queries the worker pool ran (it has no bodies to show).
   */
  storeRequests(): { count: number; bodies: string[] };
  /** The store's own error texts the remote runner logged (clients get our wording only); empty in memory. */
  storeErrors: string[];
  /** Access log lines (one per request). */
  logs: string[];
  /** Requests the fast path took. */
  fastPathTaken(): number;
  /** Stops the server and the pool; on the remote backend, fails if Virtuoso answered nothing. */
  close(): Promise<void>;
}

export async function startSparqlServer(
  sparql: Partial<Config['sparql']> = {},
  options: { fastPath?: boolean } = {},
): Promise<TestServer> {
  const config = loadConfig({ sparql }, {});
  const data = testDataset();
  let remote: RemoteDataset | undefined;
  let pool: TestServer['pool'];
  const storeErrors: string[] = [];
  let mainStore: Store;
  if (ON_REMOTE) {
    remote = await connectRemoteDataset(data, 'application/trig');
    const store = createSparqlStore({
      endpoint: remote.endpoint,
      graphs: remote.graphs,
      timeoutMs: config.sparql.timeoutMs,
    });
    pool = createSparqlQueryRunner(store, {
      timeoutMs: config.sparql.timeoutMs,
      maxRows: config.sparql.maxRows,
      maxTriples: config.sparql.maxTriples,
      maxResultBytes: config.sparql.maxResultBytes,
      concurrency: config.sparql.workers,
      queueLength: config.sparql.queueLength,
      logStoreError: (line) => storeErrors.push(line),
    });
    mainStore = store;
  } else {
    pool = createQueryPool(queryPoolOptions(config, { data, format: 'application/trig' }));
    mainStore = createOxigraphStore([{ data, format: 'application/trig' }]);
  }
  await pool.ready();
  const app = express();
  app.disable('x-powered-by'); // as createApp does
  const route = createSparqlRoute({
    config,
    pool,
    datasetVersion: 'test-1',
    storedQueries: await loadStoredQueries(new URL('queries', FIXTURES).pathname),
    // As production's query editor page does: GET/HEAD /sparql carries the route's own policy.
    contentSecurityPolicy: TEST_CSP,
  });
  let taken = 0;
  const fastPath = route.fastPath!;
  route.fastPath = (req, res, context) => {
    const took = fastPath(req, res, context);
    if (took) taken++;
    return took;
  };
  const logs: string[] = [];
  const accessLog = createAccessLog((line) => logs.push(line));
  const fast = fastPathsFor(app, [route], accessLog);
  // The app-wide middleware createApp mounts before any route (the fast path sets the same headers).
  app.use(accessLog.middleware);
  app.use(fast.handOver);
  app.use(securityHeaders);
  app.use(corsHeaders);
  app.use(requestHost);
  app.get('/health', async (_req, res) => {
    res.json({ status: 'ok', quads: await mainStore.size() });
  });
  app.get('/id/*path', async (req, res) => {
    const iri = `${config.base}${req.path.slice(1)}`;
    const quads = await mainStore.match({ termType: 'NamedNode', value: iri } as never);
    if (quads.length === 0) return res.status(404).end();
    res.json({ iri, statements: quads.length });
  });
  app.use(route.handler);
  app.use(errorHandler({ logError: () => {} }));
  const running = await listen(app, {
    host: '127.0.0.1',
    port: 0,
    before: options.fastPath === false ? undefined : fast.before,
  });
  const server = running.server;
  return {
    url: running.url,
    logs,
    fastPathTaken: () => taken,
    config,
    backend: TEST_BACKEND,
    pool,
    storeErrors,
    storeRequests() {
      if (remote) {
        const { requests, bodies } = remote.stats();
        return { count: requests, bodies };
      }
      const stats = pool.stats();
      return { count: stats.completed + stats.timedOut + stats.busy + stats.queued, bodies: [] };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pool.close();
      await remote?.close();
    },
  };
}
