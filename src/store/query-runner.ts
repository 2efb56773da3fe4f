// What the SPARQL endpoint needs from its query backend — the worker pool (query-pool.ts) or the
// runner over a remote store (remote/query-runner.ts) — and the one bounded queue both use: so many
// queries at once, so many waiting, each waiting at most a time limit, abortable, refused when full.

import type { QueryForm } from '../rdf/formats.ts';
import type { CheckedQuery } from './check-query.ts';
import type { QueryDataset } from './store.ts';

export interface PoolQuery {
  /** Query text, already checked to be a read-only query without SERVICE. */
  query: string;
  form: QueryForm;
  /** Serialisation to produce (a SPARQL results type for SELECT/ASK, an RDF type otherwise). */
  mediaType: string;
  dataset?: QueryDataset;
  baseIri?: string;
  /**
   * Run over this release's data instead of the current data: its version and its gzipped N-Quads (the
   * worker loads it on first use and keeps the last few, `sparql.releaseStores`).
   */
  release?: ReleaseSource;
  /** A lower timeout for this query, milliseconds; values above the runner's are clamped. */
  timeoutMs?: number;
  /**
   * Aborting drops a queued query, or gives up the one running (the pool lets it end within what a
   * worker restart would take, else stops its worker: query-pool.ts).
   */
  signal?: AbortSignal;
  /** What `checkQuery(query, { baseIri })` found, when the caller has it (the router does): not checked again. */
  checked?: Omit<CheckedQuery, 'parsed'>;
}

/** A release a query runs over: its version and where its gzipped N-Quads are. */
export interface ReleaseSource {
  version: string;
  path: string;
}

export interface PoolResult {
  /** The serialised result, UTF-8. */
  body: Buffer;
  mediaType: string;
  /** Triples in `body` (CONSTRUCT/DESCRIBE, where the runner counts them). */
  triples?: number;
  /** Rows in `body` (SELECT only). */
  rows?: number;
  /** True when the result was cut at a limit (rows, triples or bytes), or may be incomplete. */
  truncated: boolean;
  /** Time running, and waiting for a slot, milliseconds. */
  elapsedMs: number;
  waitedMs: number;
}

/**
 * `timeout`: stopped at its time limit; `busy`: queue full or waited a whole time limit; `aborted`:
 * the caller's signal; `closed`: runner closed; `engine`: the engine or store refused or failed the
 * query (its message says why); `engine-failure`: the engine itself failed on the query (a trap, out of
 * memory: not a query error) and its worker was retired; `crashed`: the worker died while running it,
 * or the check thread did; `unavailable`: no worker
 * could load the dataset, or the store cannot be reached.
 */
export type QueryPoolErrorReason =
  'timeout' | 'busy' | 'aborted' | 'closed' | 'engine' | 'engine-failure' | 'crashed' | 'unavailable';

/** Why the runner did not produce a result; the HTTP layer maps `reason` to a status. */
export class QueryPoolError extends Error {
  readonly reason: QueryPoolErrorReason;
  /** For `timeout` and `busy`: the limit that applied, milliseconds. */
  readonly limitMs?: number;
  constructor(reason: QueryPoolErrorReason, message: string, options: { limitMs?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'QueryPoolError';
    this.reason = reason;
    this.limitMs = options.limitMs;
  }
}

export interface PoolInfo {
  /** Quads in the dataset and its named graphs. */
  quads: number;
  graphs: string[];
  /** Slowest worker's load time, milliseconds (0 for a remote store). */
  loadMs: number;
}

export interface PoolStats {
  /** Workers alive (loading, idle or busy); for a remote store, its concurrency. */
  workers: number;
  /** Workers still loading the dataset (at start, or replacing a terminated one). */
  starting: number;
  busy: number;
  queued: number;
  completed: number;
  timedOut: number;
  /** Workers started after the initial ones (replacing terminated or crashed ones). */
  replaced: number;
}

/** The query backend of the SPARQL endpoint. */
export interface QueryRunner {
  /** Resolves once the backend can answer; rejects (reason `unavailable`) if it cannot. */
  ready(): Promise<PoolInfo>;
  run(query: PoolQuery): Promise<PoolResult>;
  stats(): PoolStats;
  /** Queued and running queries reject with reason `closed`. */
  close(): Promise<void>;
}

interface Waiter {
  grant(): void;
  fail(error: QueryPoolError): void;
}

/**
 * Slots for running queries, and a bounded line for those waiting. `acquire` takes a free slot at once
 * or waits its turn; `release` hands a slot to the first in line (or frees it). A slot handed over is
 * never taken by a later caller in between.
 */
export class BoundedQueue {
  private free: number;
  private readonly line: Waiter[] = [];
  private readonly queueLength: number;
  private readonly busyMessage: () => string;

  /**
   * `free`: slots free at the start (the worker pool starts with none: each worker frees one when it
   * has loaded); `queueLength`: most waiting; `busyMessage`: what a refused caller is told.
   */
  constructor(options: { free: number; queueLength: number; busyMessage: () => string }) {
    this.free = options.free;
    this.queueLength = options.queueLength;
    this.busyMessage = options.busyMessage;
  }

  /** Callers waiting for a slot. */
  get waiting(): number {
    return this.line.length;
  }

  /**
   * Resolves holding a slot (give it back with `release`, or keep it if the slot itself goes away).
   * Rejects with `busy` when the line is full or `maxWaitMs` passes, `aborted` on the signal.
   */
  acquire(signal: AbortSignal | undefined, maxWaitMs: number, limitMs: number): Promise<void> {
    if (signal?.aborted) return Promise.reject(new QueryPoolError('aborted', 'The query was aborted before it ran'));
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    if (this.line.length >= this.queueLength) {
      return Promise.reject(new QueryPoolError('busy', this.busyMessage(), { limitMs }));
    }
    return new Promise<void>((resolve, reject) => {
      const leave = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const at = this.line.indexOf(waiter);
        if (at !== -1) this.line.splice(at, 1);
      };
      const waiter: Waiter = {
        grant: () => {
          leave();
          resolve();
        },
        fail: (error) => {
          leave();
          reject(error);
        },
      };
      const timer = setTimeout(
        () =>
          waiter.fail(
            new QueryPoolError('busy', `The endpoint is busy: no slot became free within ${maxWaitMs} ms`, { limitMs }),
          ),
        maxWaitMs,
      );
      const onAbort = () => waiter.fail(new QueryPoolError('aborted', 'The query was aborted while waiting'));
      signal?.addEventListener('abort', onAbort, { once: true });
      this.line.push(waiter);
    });
  }

  /** A slot came free: the first in line takes it, else it waits free. */
  release(): void {
    const next = this.line[0];
    if (next) next.grant();
    else this.free++;
  }

  /** A free slot went away (an idle worker died): take it back so no caller is handed it. */
  withdraw(): void {
    if (this.free > 0) this.free--;
  }

  /** Reject everyone in line (the runner closed, or can never answer). */
  failAll(error: () => QueryPoolError): void {
    for (const waiter of [...this.line]) waiter.fail(error());
  }
}
