// `serve`: load the built dataset from dist/, start the publisher and the SPARQL endpoint, print the
// URLs, and shut down gracefully on SIGTERM/SIGINT (in-flight requests finish, new ones are refused).

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from './config.ts';
import type { App } from './http/app.ts';
import { closeDist, DistError, type DistInfo, MAIN_DUMP, openDistInfo, verifyDistFiles } from './dump/read-dist.ts';
import type { RunningServer } from './http/listen.ts';
import type { Store } from './store/store.ts';
import { GRAPH_NAMES, iris as makeIris } from './vocab.ts';
import { createQueryPool, queryPoolOptions } from './store/query-pool.ts';
import type { QueryRunner } from './store/query-runner.ts';
import { FileChangedError, loadVerifiedDump, type VerifiedFile } from './store/verified-file.ts';
import { N_QUADS } from './rdf/formats.ts';

/**
 * The modules that serve HTTP (Express, the pages, the routes, the engine for this thread), imported
 * while the query workers start and load the dataset rather than before: on start-up the two overlap.
 */
async function importServing() {
  const modules = await Promise.all([
    import('./http/app.ts'),
    import('./http/pages/query-editor.ts'),
    import('./http/routes/reconcile.ts'),
    import('./http/routes/redirects.ts'),
    import('./http/routes/sparql.ts'),
    import('./links/entity-index.ts'),
    import('./links/redirects.ts'),
    import('./store/oxigraph-store.ts'),
    import('./store/query-checker.ts'),
    import('./store/stored-queries.ts'),
    import('./http/time-travel.ts'),
    import('./release/archive.ts'),
    import('./release/releases.ts'),
    import('./dump/describe-dataset.ts'),
    import('./store/check-query.ts'),
  ]);
  const [app, editor, reconcile, redirectRoutes, sparql, entityIndex, redirects, oxigraph, checker, ...rest] = modules;
  const [storedQueries, timeTravel, archive, releases, describe, checkQuery] = rest;
  return {
    ...app,
    ...editor,
    ...reconcile,
    ...redirectRoutes,
    ...sparql,
    ...entityIndex,
    ...redirects,
    ...oxigraph,
    ...checker,
    ...storedQueries,
    ...timeTravel,
    ...archive,
    ...releases,
    ...describe,
    templateStats: checkQuery.templateStats,
  };
}

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
  // dist/ opened and every size checked; the hashes are checked below, all before anything is served.
  const dist = await openDistInfo(config.distDir);
  // What was started, stopped in reverse order on failure or close.
  const stops: (() => Promise<unknown>)[] = [() => closeDist(dist)];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => {});
  };
  try {
    let store: Store;
    let pool: QueryRunner;
    let serving: Awaited<ReturnType<typeof importServing>>;
    if (options.store?.kind === 'sparql') {
      serving = await importServing();
      await verifyDistFiles(dist);
      const [{ createSparqlStore }, { createSparqlQueryRunner }, { credentialsFromEnv }] = await Promise.all([
        import('./store/remote/sparql-store.ts'),
        import('./store/remote/query-runner.ts'),
        import('./store/remote/http-client.ts'),
      ]);
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
      stops.push(() => pool.close());
    } else {
      // The N-Quads dump, read by every thread in chunks through the descriptor it was opened with, its
      // size and SHA-256 checked as it is read (store/verified-file.ts): no copy of the text is kept, and
      // every store holds the version verified whatever happens to dist/ meanwhile.
      const main = dist.files.find((f) => f.name === MAIN_DUMP);
      if (!main) throw new DistError(`${join(config.distDir, MAIN_DUMP)} is missing; the server loads it`);
      const file: VerifiedFile = { fd: main.handle.fd, path: main.path, size: main.size, sha256: main.sha256 };
      // The workers first: they start and load while this thread imports, verifies and loads its own store.
      const started = createQueryPool(queryPoolOptions(config, { file, format: N_QUADS.mediaType }));
      pool = started;
      stops.push(() => started.close());
      serving = await importServing();
      await verifyDistFiles(dist, { except: [MAIN_DUMP] });
      const memory = serving.createOxigraphStore();
      try {
        loadVerifiedDump(memory, file, N_QUADS.mediaType);
      } catch (error) {
        if (error instanceof FileChangedError) throw new DistError(error.message);
        throw error;
      }
      store = memory;
    }
    const {
      createApp,
      QUERY_EDITOR_CSP,
      renderQueryEditorPage,
      createReconcileRouter,
      createRedirectRouter,
      createSparqlRoute,
      buildEntityIndex,
      readRedirects,
      createQueryChecker,
      loadStoredQueries,
      closeTimeTravel,
      openTimeTravel,
      openReleaseArchive,
      RELEASE_DUMP,
      releaseIri,
      templateStats,
    } = serving;
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
