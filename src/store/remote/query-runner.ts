// The SPARQL endpoint's runner over a remote store: the worker pool's contract (query-runner.ts: the
// one bounded queue, per-query timeout, row limit with explicit truncation, QueryPoolError reasons),
// with the store doing the work; the store's own error text goes to our log, the client gets our words.

import { BoundedQueue, QueryPoolError, type PoolInfo, type QueryRunner } from '../query-runner.ts';
import { causeText, oneLine, RemoteStoreError } from './errors.ts';
import type { SparqlStore } from './sparql-store.ts';

export interface RemoteRunnerOptions {
  /** Default and maximum per-query timeout, milliseconds (config.sparql.timeoutMs). */
  timeoutMs: number;
  /** config.sparql.maxRows. */
  maxRows: number;
  /** config.sparql.maxTriples: most triples of a CONSTRUCT/DESCRIBE result (default: no cut). */
  maxTriples?: number;
  /** config.sparql.maxResultBytes: most bytes of a graph result (default: no cut). */
  maxResultBytes?: number;
  /** Queries sent to the store at once (config.sparql.workers is a fine value). */
  concurrency: number;
  /** Queries waiting for a slot; past it `run` rejects with reason `busy`. */
  queueLength: number;
  /**
   * Where the store's own error texts go (clients get our wording only). Default: standard error, one
   * line per error.
   */
  logStoreError?: (line: string) => void;
}

/** Pass it where the router takes its pool. */
export function createSparqlQueryRunner(store: SparqlStore, options: RemoteRunnerOptions): QueryRunner {
  for (const key of ['timeoutMs', 'maxRows', 'concurrency', 'queueLength'] as const) {
    if (!Number.isInteger(options[key]) || options[key] < 1)
      throw new RangeError(`Runner option ${key} must be a positive integer, got ${options[key]}`);
  }
  let closed = false;
  const logStoreError = options.logStoreError ?? ((line: string) => console.error(line));
  const queue = new BoundedQueue({
    free: options.concurrency,
    queueLength: options.queueLength,
    busyMessage: () =>
      `The endpoint is busy: ${options.concurrency} queries are running and ${options.queueLength} are waiting`,
  });
  const counts = { completed: 0, timedOut: 0 };
  const inFlight = new Set<AbortController>();
  let info: Promise<PoolInfo> | undefined;

  return {
    ready: () =>
      (info ??= (async () => {
        const [quads, graphs] = await Promise.all([store.size(), store.graphs()]);
        return { quads, graphs, loadMs: 0 };
      })().catch((error: unknown) => {
        info = undefined;
        throw new QueryPoolError('unavailable', `The SPARQL store is not available: ${causeText(error)}`, {
          cause: error,
        });
      })),

    async run(query) {
      if (closed) throw new QueryPoolError('closed', 'The query runner is closed');
      // The remote store holds the current data only (anmc21 load); releases are queried in memory.
      if (query.release)
        throw new QueryPoolError('engine', 'This SPARQL store holds the current data only, no release');
      const timeoutMs = Math.min(options.timeoutMs, query.timeoutMs ?? options.timeoutMs);
      if (!(timeoutMs >= 1)) throw new RangeError(`timeoutMs must be at least 1, got ${query.timeoutMs}`);
      const enqueued = performance.now();
      await queue.acquire(query.signal, timeoutMs, timeoutMs);
      const waitedMs = performance.now() - enqueued;
      const controller = new AbortController();
      inFlight.add(controller);
      const onAbort = () => controller.abort();
      query.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const result = await store.execute({
          ...query,
          signal: controller.signal,
          timeoutMs,
          maxRows: options.maxRows,
          ...(options.maxTriples !== undefined ? { maxTriples: options.maxTriples } : {}),
          ...(options.maxResultBytes !== undefined ? { maxBytes: options.maxResultBytes } : {}),
        });
        counts.completed++;
        return { ...result, body: Buffer.from(result.body, 'utf8'), waitedMs };
      } catch (error) {
        if (!(error instanceof RemoteStoreError)) throw error;
        if (error.reason === 'timeout') {
          counts.timedOut++;
          throw new QueryPoolError('timeout', error.message, { limitMs: timeoutMs, cause: error });
        }
        if (error.reason === 'aborted')
          throw new QueryPoolError(closed ? 'closed' : 'aborted', error.message, { cause: error });
        // The store's text (banner, version, paths, its address) goes to our log; the client gets our words.
        logStoreError(
          `SPARQL store ${error.reason}${error.status ? ` (HTTP ${error.status})` : ''}: ${oneLine(error.storeText ?? error.message)} | query: ${oneLine(query.query).slice(0, 300)}`,
        );
        if (error.reason === 'network' || error.reason === 'unauthorized' || error.reason === 'http')
          throw new QueryPoolError('unavailable', 'The SPARQL store is not available', { cause: error });
        throw new QueryPoolError('engine', error.message, { cause: error });
      } finally {
        query.signal?.removeEventListener('abort', onAbort);
        inFlight.delete(controller);
        queue.release();
      }
    },

    stats: () => ({
      workers: options.concurrency,
      starting: 0,
      busy: inFlight.size,
      queued: queue.waiting,
      completed: counts.completed,
      timedOut: counts.timedOut,
      replaced: 0,
    }),

    async close() {
      closed = true;
      queue.failAll(() => new QueryPoolError('closed', 'The query runner was closed'));
      for (const controller of inFlight) controller.abort();
    },
  };
}
