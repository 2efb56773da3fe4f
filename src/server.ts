// `serve`: load the built dataset from dist/, start the publisher and the SPARQL endpoint, print the
// URLs, and shut down gracefully on SIGTERM/SIGINT (in-flight requests finish, new ones are refused).

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from './config.ts';
import { type App, createApp } from './http/app.ts';
import { closeDist, DistError, type DistInfo, loadDistInfo, MAIN_DUMP, readDistFile } from './dump/read-dist.ts';
import type { RunningServer } from './http/listen.ts';
import { QUERY_EDITOR_CSP, renderQueryEditorPage } from './http/pages/query-editor.ts';
import { createReconcileRouter } from './http/routes/reconcile.ts';
import { createRedirectRouter } from './http/routes/redirects.ts';
import { createSparqlRoute } from './http/routes/sparql.ts';
import { buildEntityIndex } from './links/entity-index.ts';
import { readRedirects } from './links/redirects.ts';
import { createOxigraphStore } from './store/oxigraph-store.ts';
import { createSparqlQueryRunner } from './store/remote/query-runner.ts';
import { createSparqlStore } from './store/remote/sparql-store.ts';
import { credentialsFromEnv } from './store/remote/http-client.ts';
import type { Store } from './store/store.ts';
import { GRAPH_NAMES, iris as makeIris } from './vocab.ts';
import { createQueryPool, queryPoolOptions } from './store/query-pool.ts';
import { createQueryChecker } from './store/query-checker.ts';
import type { QueryRunner } from './store/query-runner.ts';
import { loadStoredQueries } from './store/stored-queries.ts';
import { templateStats } from './store/check-query.ts';
import { N_QUADS } from './rdf/formats.ts';
import { closeTimeTravel, openTimeTravel } from './http/time-travel.ts';
import { openReleaseArchive } from './release/archive.ts';
import { RELEASE_DUMP } from './release/releases.ts';
import { releaseIri } from './dump/describe-dataset.ts';

/** Where queries run: the in-memory engine over dist/anmc21.nq (default), or a remote SPARQL 1.1 store. */
export type StoreChoice = { kind: 'memory' } | { kind: 'sparql'; endpoint: string };

export interface ServeOptions {
  store?: StoreChoice;
  /** Folder of stored queries; default config.files.queries. */
  queriesDir?: string;
  ontologyFile?: string;
  contextFile?: string;
  log?: (line: string) => void;
  /** Install SIGTERM/SIGINT handlers (default true; tests turn it off). */
  handleSignals?: boolean;
}

export interface Serving extends RunningServer {
  dist: DistInfo;
  app: App;
}

/**
 * Serve `config.distDir` (a complete build: manifest.json and the files it lists, verified before
 * anything is served; see docs/publishing.md) on `config.server.host:port`. Resolves once listening;
 * `close()` stops the server, the query workers and the checker. If anything fails on the way
 * (dist/ damaged, the port taken, the store unreachable) everything started so far is stopped before
 * the error is thrown, so the process can exit.
 */
export async function serve(config: Config, options: ServeOptions = {}): Promise<Serving> {
  // One write per line, straight to stdout (console.log formats its arguments on every request).
  const log = options.log ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const dist = await loadDistInfo(config.distDir);
  // What was started, stopped in reverse order on failure or close.
  const stops: (() => Promise<unknown>)[] = [() => closeDist(dist)];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => {});
  };
  try {
    let store: Store;
    let pool: QueryRunner;
    if (options.store?.kind === 'sparql') {
      const remote = createSparqlStore({
        endpoint: options.store.endpoint,
        graphs: GRAPH_NAMES.map((g) => makeIris(config.base).graph(g)),
        credentials: credentialsFromEnv(),
        timeoutMs: config.sparql.timeoutMs,
      });
      store = remote;
      pool = createSparqlQueryRunner(remote, {
        timeoutMs: config.sparql.timeoutMs,
        maxRows: config.sparql.maxRows,
        maxTriples: config.sparql.maxTriples,
        maxResultBytes: config.sparql.maxResultBytes,
        concurrency: config.sparql.workers,
        queueLength: config.sparql.queueLength,
      });
    } else {
      // The N-Quads as verified (read through the descriptor that was hashed), for this thread and
      // for every worker, which so load the same version whatever happens to dist/ meanwhile.
      const main = dist.files.find((f) => f.name === MAIN_DUMP);
      if (!main) throw new DistError(`${join(config.distDir, MAIN_DUMP)} is missing; the server loads it`);
      const data = (await readDistFile(main)).toString('utf8');
      pool = createQueryPool(queryPoolOptions(config, { data, format: N_QUADS.mediaType }));
      store = createOxigraphStore([{ data, format: N_QUADS.mediaType }]);
    }
    stops.push(() => pool.close());
    const checker = createQueryChecker();
    stops.push(() => checker.close());
    // The releases: manifests read and files hashed now; their data loaded when first asked for.
    const timeTravel = await openTimeTravel(
      await openReleaseArchive(config.releasesDir, { maxStores: config.sparql.releaseStores }),
      config.server.publicUrl,
    );
    stops.push(() => closeTimeTravel(timeTravel));
    await pool.ready();
    const sparqlRoute = createSparqlRoute({
      config,
      pool,
      checker,
      datasetVersion: dist.version,
      storedQueries: await loadStoredQueries(options.queriesDir ?? config.files.queries),
      renderServiceHtml: renderQueryEditorPage,
      contentSecurityPolicy: QUERY_EDITOR_CSP,
      // Releases load into the query workers; a remote store holds the current data only.
      ...(options.store?.kind === 'sparql'
        ? {}
        : {
            releases: timeTravel.archive.releases.map((r) => ({
              version: r.manifest.version,
              path: join(r.dir, RELEASE_DUMP),
              iri: releaseIri(config.base, r.manifest.version),
            })),
          }),
    });
    const reconcileRouter = createReconcileRouter({
      // Some 16 queries on the store: built on the first /reconcile request, not at start-up.
      index: () => buildEntityIndex(store, config.base),
      base: config.base,
      publicUrl: config.server.publicUrl,
    });
    const redirects = readRedirects(
      await readFile(config.files.redirects, 'utf8').catch(() => 'old\tnew\tdate\treason\n'),
    );
    const app = await createApp({
      config,
      store,
      dist,
      runner: pool,
      routes: [sparqlRoute, { handler: createRedirectRouter(redirects) }, { handler: reconcileRouter }],
      ontologyFile: options.ontologyFile,
      contextFile: options.contextFile,
      log,
      caches: () => ({ results: sparqlRoute.cacheStats(), templates: templateStats() }),
      timeTravel,
    });
    const running = await app.start();
    stops.push(() => running.close(0));
    const publicUrl = config.server.publicUrl ?? running.url;
    log(
      `ANMC21 publisher: dataset ${dist.version} (${await store.size()} quads), ` +
        `${timeTravel.archive.releases.length} releases, at ${publicUrl}/ · ` +
        `SPARQL ${publicUrl}/sparql · dumps ${publicUrl}/dumps/ · VoID ${publicUrl}/.well-known/void · base ${config.base} → ${publicUrl}/`,
    );

    let closing: Promise<void> | undefined;
    const close = (graceMs?: number) =>
      (closing ??= (async () => {
        stops.pop(); // the server: closed here with the grace period asked for
        await running.close(graceMs);
        await stopAll();
      })());

    if (options.handleSignals !== false) {
      const onSignal = (signal: NodeJS.Signals) => {
        log(`${signal}: finishing in-flight requests, accepting no new ones`);
        close().then(
          () => {
            log('Stopped.');
            process.exit(0);
          },
          (err: unknown) => {
            console.error(`Shutdown failed: ${err instanceof Error ? err.message : String(err)}`);
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', onSignal);
      process.once('SIGINT', onSignal);
    }
    return { ...running, close, dist, app };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
