// A pool of query worker threads: bounded concurrency, a bounded queue, and a hard per-query timeout.
//
// Each worker holds its own copy of the dataset (see query-worker.ts). A query that outlives its
// timeout cannot be cancelled inside the engine, so the pool terminates its worker and starts a new
// one; the other workers keep answering meanwhile. Results come back already serialised by the
// engine, with row metadata for SELECT.

import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { QueryForm } from '../rdf/formats.ts';
import type { LoadFormat } from './oxigraph-store.ts';
import {
  BoundedQueue,
  QueryPoolError,
  type PoolInfo,
  type PoolQuery,
  type PoolResult,
  type QueryRunner,
  type ReleaseSource,
} from './query-runner.ts';
import type { QueryDataset } from './store.ts';

/** The dataset each worker loads: RDF text, or a file path the worker reads itself. */
export type DatasetSource = { data: string; format: LoadFormat } | { path: string; format: LoadFormat };

export interface QueryPoolOptions {
  source: DatasetSource;
  /** Worker threads, hence queries running at once. */
  workers: number;
  /** Queries waiting for a worker; past it `run` rejects with reason `busy`. */
  queueLength: number;
  /** Default and maximum per-query timeout, milliseconds. */
  timeoutMs: number;
  /** Most rows a SELECT returns; more are cut and the result is marked truncated. */
  maxRows: number;
  /** Releases each worker keeps loaded besides the current data (default 1). */
  releaseStores?: number;
}

/** The runner over worker threads: `ready()` resolves once every initial worker has loaded the dataset; `close()` terminates them. */
export interface QueryPool extends QueryRunner {
  readonly options: Readonly<QueryPoolOptions>;
}

/** Pool options from the validated configuration. */
export function queryPoolOptions(config: Config, source: DatasetSource): QueryPoolOptions {
  const { workers, queueLength, timeoutMs, maxRows, releaseStores } = config.sparql;
  return { source, workers, queueLength, timeoutMs, maxRows, releaseStores };
}

// Messages between the pool and its workers.
/** @internal */
export interface WorkerInit {
  source: DatasetSource;
  /** Release stores kept besides the current data. */
  releaseStores: number;
}
/** @internal */
export interface WorkerRequest {
  id: number;
  query: string;
  form: QueryForm;
  mediaType: string;
  dataset?: QueryDataset;
  baseIri?: string;
  release?: ReleaseSource;
  maxRows: number;
}
/** @internal */
export type WorkerReply =
  | { type: 'ready'; quads: number; graphs: string[]; loadMs: number }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; body: string; rows?: number; truncated: boolean; elapsedMs: number }
  | { type: 'error'; id: number; message: string };

interface Job {
  id: number;
  request: PoolQuery;
  timeoutMs: number;
  enqueuedAt: number;
  resolve(result: PoolResult): void;
  reject(error: QueryPoolError): void;
  onAbort?: () => void;
}

interface Slot {
  worker: Worker;
  state: 'starting' | 'idle' | 'busy' | 'failed';
  /** The releases its worker holds, least recently used first (as the worker keeps them). */
  releases: string[];
  job?: Job;
  runTimer?: NodeJS.Timeout;
  dispatchedAt: number;
}

/** Running compiled (build/*.js, `npm start` and the bin) or from source (vitest, tsx)? */
const COMPILED = import.meta.url.endsWith('.js');
const WORKER_URL = new URL(COMPILED ? './query-worker.js' : './query-worker.ts', import.meta.url);

/**
 * Start a worker thread running query-worker. Compiled, the worker starts from its JavaScript module.
 * From source, Node 20 does not apply loader hooks from an inherited `--import tsx` to a worker's
 * entry module (it fails with "Unknown file extension .ts", measured under Node 20.20 with and
 * without `--import tsx`, and under vitest), so the worker starts from a one-line bootstrap that
 * registers tsx (a dev dependency) in its own thread, then imports the TypeScript module.
 */
function startThread(workerData: WorkerInit): Worker {
  if (COMPILED) return new Worker(WORKER_URL, { workerData });
  const tsx = tsxApiUrl();
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => tsx.register()).then(() => import(${JSON.stringify(WORKER_URL.href)}))`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/** The ESM entry of tsx's register API (its CommonJS twin cannot be imported from a worker bootstrap). */
function tsxApiUrl(): string {
  if (typeof import.meta.resolve === 'function') return import.meta.resolve('tsx/esm/api');
  const packageJson = createRequire(import.meta.url).resolve('tsx/package.json');
  return pathToFileURL(path.join(path.dirname(packageJson), 'dist/esm/api/index.mjs')).href;
}

export function createQueryPool(options: QueryPoolOptions): QueryPool {
  for (const key of ['workers', 'queueLength', 'timeoutMs', 'maxRows'] as const) {
    if (!Number.isInteger(options[key]) || options[key] < 1) {
      throw new RangeError(`Query pool option ${key} must be a positive integer, got ${options[key]}`);
    }
  }
  const releaseStores = options.releaseStores ?? 1;
  if (!Number.isInteger(releaseStores) || releaseStores < 1)
    throw new RangeError(`Query pool option releaseStores must be a positive integer, got ${releaseStores}`);
  const slots: Slot[] = [];
  // A free slot of the queue is an idle worker: each worker frees one when it has loaded and after each query.
  const queue = new BoundedQueue({
    free: 0,
    queueLength: options.queueLength,
    busyMessage: () =>
      `The endpoint is busy: ${options.workers} queries are running and ${options.queueLength} are waiting`,
  });
  const stats = { completed: 0, timedOut: 0, replaced: 0 };
  let nextId = 1;
  let closed = false;
  /** The last measured worker start (spawn to loaded), milliseconds: a replacement is not free before it. */
  let startupMs = 0;

  const readies: Promise<PoolInfo>[] = [];
  for (let i = 0; i < options.workers; i++) {
    const { slot, ready } = startWorker();
    slots.push(slot);
    readies.push(ready);
  }
  const allReady = Promise.all(readies).then((infos) => ({
    ...infos[0],
    loadMs: Math.max(...infos.map((info) => info.loadMs)),
  }));
  // Callers may never await ready(); a failed start is still reported through run().
  allReady.catch(() => {});

  function startWorker(replacing?: Slot): { slot: Slot; ready: Promise<PoolInfo> } {
    const spawnedAt = performance.now();
    const worker = startThread({ source: options.source, releaseStores });
    const slot: Slot = replacing ?? { worker, state: 'starting', releases: [], dispatchedAt: 0 };
    slot.worker = worker;
    slot.state = 'starting';
    slot.releases = [];
    slot.job = undefined;
    const ready = new Promise<PoolInfo>((resolve, reject) => {
      worker.on('message', (reply: WorkerReply) => {
        if (slot.worker !== worker) return;
        if (reply.type === 'ready') {
          slot.state = 'idle';
          startupMs = performance.now() - spawnedAt;
          const info = { quads: reply.quads, graphs: reply.graphs, loadMs: reply.loadMs };
          resolve(info);
          queue.release();
        } else if (reply.type === 'failed') {
          slot.state = 'failed';
          reject(new QueryPoolError('unavailable', `A query worker could not load the dataset: ${reply.message}`));
          void worker.terminate();
          failQueueIfNoWorkers();
        } else {
          finish(slot, reply);
        }
      });
      worker.on('error', (error) => {
        if (slot.worker !== worker) return;
        reject(new QueryPoolError('unavailable', `A query worker failed: ${error.message}`, { cause: error }));
        lose(slot, new QueryPoolError('crashed', `The query worker crashed: ${error.message}`, { cause: error }));
      });
      worker.on('exit', (code) => {
        if (slot.worker !== worker || closed || slot.state === 'failed') return;
        reject(new QueryPoolError('unavailable', `A query worker exited with code ${code} while loading`));
        lose(slot, new QueryPoolError('crashed', `The query worker exited unexpectedly (code ${code})`));
      });
    });
    ready.catch(() => {});
    return { slot, ready };
  }

  /** A worker died on its own: fail its job and replace it (unless it never managed to start). */
  function lose(slot: Slot, error: QueryPoolError): void {
    const wasStarting = slot.state === 'starting';
    if (slot.state === 'idle') queue.withdraw();
    const job = slot.job;
    clearTimeout(slot.runTimer);
    if (job) settle(job, () => job.reject(error));
    if (wasStarting) {
      slot.state = 'failed';
      void slot.worker.terminate();
      failQueueIfNoWorkers();
      return;
    }
    replace(slot);
  }

  function replace(slot: Slot): void {
    const old = slot.worker;
    void old.terminate();
    if (closed) return;
    stats.replaced++;
    startWorker(slot);
  }

  function failQueueIfNoWorkers(): void {
    if (slots.length === options.workers && slots.every((s) => s.state === 'failed')) {
      queue.failAll(
        () => new QueryPoolError('unavailable', 'No query worker is available (the dataset could not be loaded)'),
      );
    }
  }

  function settle(job: Job, action: () => void): void {
    if (job.onAbort) job.request.signal?.removeEventListener('abort', job.onAbort);
    action();
  }

  function dispatch(slot: Slot, job: Job): void {
    slot.state = 'busy';
    slot.job = job;
    slot.dispatchedAt = performance.now();
    const { query, form, mediaType, dataset, baseIri, release } = job.request;
    if (release) {
      slot.releases = [...slot.releases.filter((v) => v !== release.version), release.version];
      if (slot.releases.length > releaseStores) slot.releases.shift();
    }
    slot.worker.postMessage({
      id: job.id,
      query,
      form,
      mediaType,
      dataset,
      baseIri,
      ...(release ? { release } : {}),
      maxRows: options.maxRows,
    } satisfies WorkerRequest);
    slot.runTimer = setTimeout(() => {
      if (slot.job !== job) return;
      stats.timedOut++;
      slot.job = undefined;
      settle(job, () =>
        job.reject(
          new QueryPoolError(
            'timeout',
            `The query ran longer than its ${job.timeoutMs} ms time limit and was stopped`,
            { limitMs: job.timeoutMs },
          ),
        ),
      );
      replace(slot);
    }, job.timeoutMs);
  }

  function finish(slot: Slot, reply: Extract<WorkerReply, { id: number }>): void {
    const job = slot.job;
    if (!job || job.id !== reply.id) return;
    clearTimeout(slot.runTimer);
    slot.job = undefined;
    slot.state = 'idle';
    stats.completed++;
    const waitedMs = slot.dispatchedAt - job.enqueuedAt;
    if (reply.type === 'result') {
      settle(job, () =>
        job.resolve({
          body: reply.body,
          mediaType: job.request.mediaType,
          rows: reply.rows,
          truncated: reply.truncated,
          elapsedMs: reply.elapsedMs,
          waitedMs,
        }),
      );
    } else {
      settle(job, () => job.reject(new QueryPoolError('engine', reply.message)));
    }
    queue.release();
  }

  async function run(request: PoolQuery): Promise<PoolResult> {
    if (closed) throw new QueryPoolError('closed', 'The query pool is closed');
    if (slots.every((s) => s.state === 'failed')) {
      throw new QueryPoolError('unavailable', 'No query worker is available (the dataset could not be loaded)');
    }
    const timeoutMs = Math.min(options.timeoutMs, request.timeoutMs ?? options.timeoutMs);
    if (!(timeoutMs >= 1)) throw new RangeError(`timeoutMs must be at least 1, got ${request.timeoutMs}`);
    const enqueuedAt = performance.now();
    // A queued query waits at most one time limit for a worker, plus the time a replacement worker
    // takes to start (workers stopped at their limit are not free before that).
    await queue.acquire(request.signal, options.timeoutMs + Math.ceil(2 * startupMs), options.timeoutMs);
    if (closed) throw new QueryPoolError('closed', 'The query pool was closed');
    // A query of a release goes to a worker that holds it, when one is free: a load per worker saved.
    const idle = slots.filter((s) => s.state === 'idle');
    const version = request.release?.version;
    const slot = (version && idle.find((s) => s.releases.includes(version))) || idle[0]!;
    return new Promise<PoolResult>((resolve, reject) => {
      const job: Job = { id: nextId++, request, timeoutMs, enqueuedAt, resolve, reject };
      if (request.signal) {
        job.onAbort = () => {
          if (slot.job !== job) return;
          clearTimeout(slot.runTimer);
          slot.job = undefined;
          settle(job, () => job.reject(new QueryPoolError('aborted', 'The query was aborted while running')));
          replace(slot);
        };
        request.signal.addEventListener('abort', job.onAbort, { once: true });
      }
      dispatch(slot, job);
    });
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    queue.failAll(() => new QueryPoolError('closed', 'The query pool was closed'));
    await Promise.all(
      slots.map(async (slot) => {
        clearTimeout(slot.runTimer);
        const job = slot.job;
        slot.job = undefined;
        if (job) settle(job, () => job.reject(new QueryPoolError('closed', 'The query pool was closed')));
        await slot.worker.terminate();
      }),
    );
  }

  return {
    options: Object.freeze({ ...options }),
    ready: () => allReady,
    run,
    stats: () => ({
      workers: slots.filter((s) => s.state !== 'failed').length,
      starting: slots.filter((s) => s.state === 'starting').length,
      busy: slots.filter((s) => s.state === 'busy').length,
      queued: queue.waiting,
      ...stats,
    }),
    close,
  };
}
