// A pool of query worker threads: bounded concurrency, a bounded queue, and a hard per-query timeout.
//
// Each worker holds its own copy of the dataset (see query-worker.ts). A query that outlives its
// timeout cannot be cancelled inside the engine, so the pool terminates its worker and starts a new
// one; the other workers keep answering meanwhile. Queries are checked (shape included) and row-capped
// here, on the calling thread, once (a known template costs no parse: check-query.ts); results come
// back already serialised and cut to the limits, as UTF-8 bytes whose buffer was transferred (not
// copied), with row or triple counts.
//
// A worker whose engine failed other than with a query error (a trap: WebAssembly memory access out
// of bounds, stack exhausted; running out of memory) is retired and replaced at once; the query gets
// reason `engine-failure`, and the same text is refused for a while without reaching a worker, so a
// client retrying it cannot keep the workers restarting.
//
// Size: one lifecycle (start, queue, time out, retire, replace, shut down) read best in one place.

import type { Worker } from 'node:worker_threads';
import type { Config } from '../config.ts';
import type { LoadFormat, RunnableQuery } from './oxigraph-store.ts';
import type { VerifiedFile } from './verified-file.ts';
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
import { Lru } from './lru.ts';
import type { QueryShapeLimits } from './query-shape.ts';
import { moduleUrl, startWorkerThread } from '../rdf/worker-thread.ts';
import { checkQuery, QueryCheckError } from './check-query.ts';
import { capCheckedRows } from './row-limit.ts';

/**
 * The dataset each worker loads: RDF text, a file path the worker reads itself, or a verified file the
 * worker reads in chunks through an open descriptor, checking its size and SHA-256 (verified-file.ts;
 * the server's way: no copy of the text in any thread, and every worker holds the verified bytes).
 */
export type DatasetSource =
  | { data: string; format: LoadFormat }
  | { path: string; format: LoadFormat }
  | { file: VerifiedFile; format: LoadFormat };

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
  /** Most triples a CONSTRUCT or DESCRIBE returns; more are cut and the result is marked truncated. */
  maxTriples: number;
  /** Largest result, UTF-8 bytes; a larger one is cut at whole rows or triples and marked truncated. */
  maxResultBytes: number;
  /** The pre-scan limits the workers check queries with (query-shape.ts); default DEFAULT_SHAPE_LIMITS. */
  shape?: QueryShapeLimits;
  /** Where a retired worker is reported (one line). Default: standard error. */
  log?: (line: string) => void;
}

/** The runner over worker threads: `ready()` resolves once every initial worker has loaded the dataset; `close()` terminates them. */
export interface QueryPool extends QueryRunner {
  readonly options: Readonly<QueryPoolOptions>;
}

/** Pool options from the validated configuration. */
export function queryPoolOptions(config: Config, source: DatasetSource): QueryPoolOptions {
  const { workers, queueLength, timeoutMs, maxRows, maxTriples, maxResultBytes, releaseStores } = config.sparql;
  const shape = { maxDepth: config.sparql.maxQueryDepth, maxOperators: config.sparql.maxQueryOperators };
  return { source, workers, queueLength, timeoutMs, maxRows, maxTriples, maxResultBytes, shape, releaseStores };
}

// Messages between the pool and its workers.
/** @internal */
export interface WorkerInit {
  source: DatasetSource;
  /** Release stores kept besides the current data. */
  releaseStores: number;
  shape?: QueryShapeLimits;
}
/** @internal */
export interface WorkerRequest {
  id: number;
  /** Checked and row-capped: the worker runs it as it is. */
  query: RunnableQuery;
  mediaType: string;
  dataset?: QueryDataset;
  baseIri?: string;
  release?: ReleaseSource;
  /** For a row-capped SELECT: the rows to keep (the engine was asked for one more). */
  cutAt?: number;
  /**
   * Cap the rows in the worker (capSelectRows, which parses): for the rare SELECT whose own LIMIT or
   * trailing VALUES the pool cannot cap from its check, so that no parse runs on the calling thread.
   */
  capRows?: number;
  maxTriples: number;
  maxBytes: number;
}
/** @internal */
export type WorkerReply =
  | { type: 'ready'; quads: number; graphs: string[]; loadMs: number }
  | { type: 'failed'; message: string }
  | {
      type: 'result';
      id: number;
      /** Its buffer is transferred, not copied. */
      body: Uint8Array;
      rows?: number;
      triples?: number;
      truncated: boolean;
      elapsedMs: number;
    }
  /** `fatal`: the engine itself failed; the worker answers nothing more. */
  | { type: 'error'; id: number; message: string; fatal?: boolean };

interface Job {
  id: number;
  request: PoolQuery;
  /** The query as the worker runs it, with its row cap (prepare). */
  prepared: Prepared;
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

/** A query checked and row-capped on the calling thread. */
interface Prepared {
  query: RunnableQuery;
  cutAt?: number;
  capRows?: number;
}

const WORKER_URL = moduleUrl(import.meta.url, 'query-worker');

/** How long a query that broke the engine is refused without reaching a worker, milliseconds. */
const QUARANTINE_MS = 10 * 60 * 1000;

function startThread(workerData: WorkerInit): Worker {
  return startWorkerThread(WORKER_URL, workerData);
}

/** One line of a query for the log. */
function queryLine(query: string): string {
  const line = query.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

export function createQueryPool(options: QueryPoolOptions): QueryPool {
  for (const key of ['workers', 'queueLength', 'timeoutMs', 'maxRows', 'maxTriples', 'maxResultBytes'] as const) {
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
  const log = options.log ?? ((line: string) => console.error(line));
  /** Query texts that broke the engine, with when and how (bounded; keys weighed). */
  const quarantined = new Lru<string, { at: number; message: string }>(
    256,
    4_000_000,
    (q, text) => 2 * (text.length + q.message.length),
  );
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
    const worker = startThread({ source: options.source, releaseStores, shape: options.shape });
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

  /** The engine of `slot` failed on `job`'s query: refuse the query, quarantine its text, replace the worker. */
  function retire(slot: Slot, job: Job, message: string): void {
    const text = job.request.query;
    quarantined.set(text, { at: Date.now(), message });
    log(
      `Query worker retired: the engine failed (${message}) on: ${queryLine(text)}; a new worker is starting, and this query is refused for ${QUARANTINE_MS / 60_000} minutes`,
    );
    settle(job, () => job.reject(engineFailure(message)));
    replace(slot);
  }

  function engineFailure(message: string): QueryPoolError {
    return new QueryPoolError(
      'engine-failure',
      `The query engine failed on this query (${message}), so the worker that ran it was replaced. It is too complex for the engine although within the advertised limits; simplify it (fewer nested groups, operators or path steps), and please report it`,
    );
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
    const { mediaType, dataset, baseIri, release } = job.request;
    if (release) {
      slot.releases = [...slot.releases.filter((v) => v !== release.version), release.version];
      if (slot.releases.length > releaseStores) slot.releases.shift();
    }
    slot.worker.postMessage({
      id: job.id,
      ...job.prepared,
      mediaType,
      dataset,
      baseIri,
      ...(release ? { release } : {}),
      maxTriples: options.maxTriples,
      maxBytes: options.maxResultBytes,
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
          body: Buffer.from(reply.body.buffer, reply.body.byteOffset, reply.body.byteLength),
          mediaType: job.request.mediaType,
          rows: reply.rows,
          triples: reply.triples,
          truncated: reply.truncated,
          elapsedMs: reply.elapsedMs,
          waitedMs,
        }),
      );
    } else if (reply.fatal) {
      retire(slot, job, reply.message);
      return; // the slot frees when its replacement has loaded
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
    const known = quarantined.get(request.query);
    if (known && Date.now() - known.at < QUARANTINE_MS) throw engineFailure(known.message);
    const prepared = prepare(request);
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
      const job: Job = { id: nextId++, request, prepared, timeoutMs, enqueuedAt, resolve, reject };
      if (request.signal) {
        job.onAbort = () => {
          if (slot.job !== job) return;
          settle(job, () => job.reject(new QueryPoolError('aborted', 'The query was aborted while running')));
          // Stopping the worker costs a restart (startupMs: the whole dataset loaded again, seconds at
          // 1M), during which it answers nothing; most queries end far sooner. So an abandoned query
          // runs on, its answer unread, for at most what a restart takes and within its time limit,
          // then the worker is stopped: never worse than twice the cheaper choice. When it ends
          // sooner, `finish` frees the worker as usual.
          const ranMs = performance.now() - slot.dispatchedAt;
          const graceMs = Math.min(startupMs, job.timeoutMs) - ranMs;
          clearTimeout(slot.runTimer);
          const stop = () => {
            if (slot.job !== job) return;
            slot.job = undefined;
            replace(slot);
          };
          if (graceMs <= 0) stop();
          else slot.runTimer = setTimeout(stop, graceMs);
        };
        request.signal.addEventListener('abort', job.onAbort, { once: true });
      }
      dispatch(slot, job);
    });
  }

  /** Check (unless the caller did) and cap the rows of a query, here rather than in the worker. */
  function prepare(request: PoolQuery): Prepared {
    let checked;
    try {
      checked = request.checked ?? checkQuery(request.query, { baseIri: request.baseIri, shape: options.shape });
    } catch (error) {
      if (error instanceof QueryCheckError) throw new QueryPoolError('engine', error.message, { cause: error });
      throw error;
    }
    const dataset = checked.dataset ? { dataset: checked.dataset } : {};
    const cap = capCheckedRows(checked, options.maxRows);
    if (!cap) return { query: { text: checked.text, form: checked.form, ...dataset }, capRows: options.maxRows };
    return {
      query: { text: cap.query, form: checked.form, ...dataset },
      ...(cap.capped ? { cutAt: options.maxRows } : {}),
    };
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
