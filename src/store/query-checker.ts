// Checking request queries without stalling the server: the linear pre-scan and short texts run on the
// calling thread; longer texts are parsed (sparqljs) on a worker thread, with a bounded line and a time
// limit, so no single query delays other requests. Outcomes, refusals included, are memoised (bounded).

import type { Worker } from 'node:worker_threads';
import {
  checkQuery,
  knownQuery,
  learnQuery,
  QueryCheckError,
  summaryOf,
  type CheckedQuery,
  type CheckQueryOptions,
} from './check-query.ts';
import { Lru } from './lru.ts';
import { SingleFlight } from './single-flight.ts';
import { QueryPoolError } from './query-runner.ts';
import { moduleUrl, startWorkerThread } from '../rdf/worker-thread.ts';

/** What a check tells the caller: the checked query without its parse tree (which stays where it was made). */
export type QuerySummary = Omit<CheckedQuery, 'parsed'>;

export interface QueryChecker {
  /** Resolves to the summary; rejects with QueryCheckError (refused) or QueryPoolError (busy, timeout, crashed). */
  check(text: string, options: CheckQueryOptions): Promise<QuerySummary>;
  close(): Promise<void>;
}

export interface QueryCheckerOptions {
  /** Texts up to this many UTF-16 units are checked on the calling thread (a few milliseconds at most). */
  inlineMaxLength?: number;
  /** Longest a check may take on the thread, milliseconds; then the thread is replaced and the check fails. */
  timeoutMs?: number;
  /** Checks waiting or running on the thread at once; past it `check` rejects with reason `busy`. */
  queueLength?: number;
  /** Start the thread now (default) rather than on the first long query. */
  eager?: boolean;
}

// Messages between the checker and its thread.
/** @internal */
export interface CheckRequest {
  id: number;
  text: string;
  options: CheckQueryOptions;
}
/** @internal */
export type CheckReply =
  | { id: number; summary: QuerySummary }
  | {
      id: number;
      refused: Pick<QueryCheckError, 'reason' | 'message' | 'line' | 'column' | 'iri' | 'limit'>;
    }
  | { id: number; failed: string };

type Outcome = { summary: QuerySummary } | { refused: QueryCheckError };

interface Pending {
  request: CheckRequest;
  resolve(outcome: Outcome): void;
  reject(error: Error): void;
  timer?: NodeJS.Timeout;
}

export function createQueryChecker(options: QueryCheckerOptions = {}): QueryChecker {
  const inlineMaxLength = options.inlineMaxLength ?? 2000;
  const timeoutMs = options.timeoutMs ?? 5000;
  const queueLength = options.queueLength ?? 64;
  // Summaries are small; keys are the query texts (up to the length limit), so they are what is weighed.
  const outcomes = new Lru<string, Outcome>(4096, 16_000_000, (_o, key) => 2 * key.length + 256);
  const pending = new Map<number, Pending>();
  const flights = new SingleFlight<string, Outcome>();
  let worker: Worker | undefined;
  let nextId = 1;
  let closed = false;

  function thread(): Worker {
    if (worker) return worker;
    const started = startWorkerThread(moduleUrl(import.meta.url, 'check-worker'), undefined, {
      maxOldGenerationSizeMb: 256,
    });
    started.unref();
    started.on('message', (reply: CheckReply | { ready: true }) => {
      if (!('id' in reply)) return;
      const job = pending.get(reply.id);
      if (!job) return;
      pending.delete(reply.id);
      clearTimeout(job.timer);
      if ('summary' in reply) job.resolve({ summary: reply.summary });
      else if ('refused' in reply) {
        const r = reply.refused;
        const position = r.line !== undefined ? { line: r.line, column: r.column ?? 1 } : undefined;
        job.resolve({ refused: new QueryCheckError(r.reason, r.message, position, { iri: r.iri, limit: r.limit }) });
      } else job.reject(new QueryPoolError('engine', `The query check failed: ${reply.failed}`));
    });
    const lost = (why: string) => {
      if (worker !== started) return;
      worker = undefined;
      for (const job of pending.values()) {
        clearTimeout(job.timer);
        job.reject(new QueryPoolError('crashed', `The query check thread ${why}`));
      }
      pending.clear();
    };
    started.on('error', (error) => lost(`failed: ${error.message}`));
    started.on('exit', (code) => lost(`exited (code ${code})`));
    worker = started;
    return started;
  }

  function offThread(text: string, checkOptions: CheckQueryOptions): Promise<Outcome> {
    if (closed) return Promise.reject(new QueryPoolError('closed', 'The query checker is closed'));
    if (pending.size >= queueLength) {
      return Promise.reject(
        new QueryPoolError('busy', `The endpoint is busy: ${queueLength} queries are waiting to be checked`, {
          limitMs: timeoutMs,
        }),
      );
    }
    return new Promise<Outcome>((resolve, reject) => {
      const request: CheckRequest = { id: nextId++, text, options: checkOptions };
      const job: Pending = { request, resolve, reject };
      pending.set(request.id, job);
      const target = thread();
      // The time limit counts from the post: checks ahead of it in the thread's line use part of it.
      job.timer = setTimeout(() => {
        if (!pending.has(request.id)) return;
        pending.delete(request.id);
        reject(
          new QueryPoolError('timeout', `Checking the query took longer than ${timeoutMs} ms`, { limitMs: timeoutMs }),
        );
        // The thread is stuck on this or an earlier check: replace it, and send the others again.
        if (worker === target) {
          worker = undefined;
          void target.terminate();
          const next = thread();
          for (const other of pending.values()) next.postMessage(other.request);
        }
      }, timeoutMs);
      target.postMessage(request);
    });
  }

  // Started now, not on the first long query: a thread's start is the creator's work too.
  if (options.eager !== false) thread();

  return {
    async check(text, checkOptions) {
      const key = JSON.stringify([checkOptions.baseIri, checkOptions.maxLength, checkOptions.shape]) + text;
      let outcome = outcomes.get(key);
      if (!outcome) {
        if (text.length <= inlineMaxLength) {
          try {
            outcome = { summary: summaryOf(checkQuery(text, checkOptions)) };
          } catch (error) {
            if (!(error instanceof QueryCheckError)) throw error;
            outcome = { refused: error };
          }
        } else {
          // A long text of a known template needs no parse: checked here, else on the thread (which
          // teaches its template here too).
          try {
            const known = knownQuery(text, checkOptions);
            if (known) outcome = { summary: summaryOf(known) };
          } catch (error) {
            if (!(error instanceof QueryCheckError)) throw error;
            outcome = { refused: error };
          }
          if (!outcome) {
            // The same long text arriving many times at once is parsed once.
            outcome = await flights.run(key, () => offThread(text, checkOptions));
            if ('summary' in outcome) learnQuery(text, checkOptions, outcome.summary);
          }
        }
        outcomes.set(key, outcome);
      }
      if ('refused' in outcome) throw outcome.refused;
      return outcome.summary;
    },
    async close() {
      closed = true;
      for (const job of pending.values()) {
        clearTimeout(job.timer);
        job.reject(new QueryPoolError('closed', 'The query checker was closed'));
      }
      pending.clear();
      const last = worker;
      worker = undefined;
      await last?.terminate();
    },
  };
}
