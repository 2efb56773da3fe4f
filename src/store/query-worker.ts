// A query worker thread: holds its own store over the dataset and answers one query at a time; a query
// naming a release runs over that release's store, loaded on first use, the last few kept (LRU).
//
// Oxigraph's query() is synchronous and cannot be cancelled, so a runaway query blocks only this
// thread; the pool terminates it from outside and starts a fresh worker. Results are cut to the row,
// triple and byte limits here (row-limit.ts, graph-limit.ts), so nothing larger crosses threads.
//
// Engine health: a WebAssembly engine that traps (memory access out of bounds, stack exhausted) is
// broken for good, and answers every later query with the same error. So after any failure that is
// not plainly the query's (a trap), or that a probe query shows the engine cannot survive, the reply
// says `fatal` and this worker answers nothing more: the pool retires it and starts a fresh one.

import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { Quad } from '@rdfjs/types';
import { parentPort, workerData } from 'node:worker_threads';
import { checkQuery } from './check-query.ts';
import { createOxigraphStore } from './oxigraph-store.ts';
import { capGraphQuery, cutTriples, writeWithin } from './graph-limit.ts';
import { capSelectRows, cutRows } from './row-limit.ts';
import { JSON_LD, N_QUADS, rdfFormatOf, RESULTS_JSON } from '../rdf/formats.ts';
import type { Store } from './store.ts';
import { writeJsonLd } from '../rdf/jsonld.ts';
import { serializeQuads } from '../rdf/serialize.ts';
import type { WorkerInit, WorkerReply, WorkerRequest } from './query-pool.ts';

const port = parentPort;
if (!port) throw new Error('query-worker.ts must run as a worker thread (see query-pool.ts)');

const init = workerData as WorkerInit;

/**
 * Whether an error (or one of its causes) is the engine trapping (WebAssembly memory access out of
 * bounds, unreachable, stack exhausted) rather than refusing the query. Other failures, a JavaScript
 * stack overflow among them, are judged by whether the engine still answers afterwards.
 */
function isEngineTrap(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof WebAssembly.RuntimeError) return true;
  }
  return false;
}

try {
  const started = performance.now();
  const data = 'path' in init.source ? await readFile(init.source.path, 'utf8') : init.source.data;
  const store = createOxigraphStore([{ data, format: init.source.format }], { shape: init.shape });
  const [quads, graphs] = await Promise.all([store.size(), store.graphs()]);
  port.postMessage({ type: 'ready', quads, graphs, loadMs: performance.now() - started } satisfies WorkerReply);
  let broken: string | undefined;

  /** The engine still answers the smallest query. */
  const engineAnswers = async (): Promise<boolean> => {
    try {
      await store.queryRaw('ASK {}', RESULTS_JSON.mediaType);
      return true;
    } catch {
      return false;
    }
  };

  /** Release stores by version, least recently used first. */
  const releases = new Map<string, Store>();
  const storeFor = async (release: WorkerRequest['release']): Promise<Store> => {
    if (!release) return store;
    let found = releases.get(release.version);
    if (found) releases.delete(release.version);
    else {
      let data: string;
      try {
        data = gunzipSync(await readFile(release.path)).toString('utf8');
      } catch (error) {
        // The file's path is the server's business, not the client's.
        throw new Error(
          `Release ${release.version} could not be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
          {
            cause: error,
          },
        );
      }
      found = createOxigraphStore([{ data, format: N_QUADS.mediaType }], { shape: init.shape });
      while (releases.size >= init.releaseStores) releases.delete(releases.keys().next().value!);
    }
    releases.set(release.version, found);
    return found;
  };

  port.on('message', async (request: WorkerRequest) => {
    const started = performance.now();
    if (broken) {
      port.postMessage({ type: 'error', id: request.id, message: broken, fatal: true } satisfies WorkerReply);
      return;
    }
    try {
      // The check first (memoised; the HTTP layer made it too): nothing below parses a query of unchecked shape.
      checkQuery(request.query, { baseIri: request.baseIri, shape: init.shape });
      // A release's load counts in the query's time: the pool's timer runs from dispatch.
      const store = await storeFor(request.release);
      const options = { dataset: request.dataset, baseIri: request.baseIri };
      let answer: { body: string; rows?: number; triples?: number; truncated: boolean };
      if (request.form === 'SELECT' || request.form === 'ASK') {
        const { query, capped } =
          request.form === 'SELECT'
            ? capSelectRows(request.query, request.maxRows, request.baseIri)
            : { query: request.query, capped: false };
        const raw = await store.queryRaw(query, request.mediaType, options);
        answer =
          request.form === 'SELECT'
            ? cutRows(raw, request.mediaType, capped ? request.maxRows : Number.MAX_SAFE_INTEGER, request.maxBytes)
            : { body: raw, truncated: false };
      } else {
        const format = rdfFormatOf(request.mediaType);
        if (!format) throw new Error(`A ${request.form} result cannot be written as ${request.mediaType}`);
        const { query, probe } = capGraphQuery(request.query, request.maxTriples, request.baseIri);
        const result = await store.query(query, options);
        if (result.type !== 'quads') throw new Error(`A ${request.form} query gave no graph`);
        const cut = cutTriples(result.quads, request.maxTriples);
        // Solutions past the cap may hold triples the cut result lacks: ask, unless already cut.
        let incomplete = cut.cut;
        if (!incomplete && probe) {
          const more = await store.query(probe, options);
          incomplete = more.type === 'bindings' && more.rows.length > 0;
        }
        // The engine writes no JSON-LD: the one JSON-LD writer, expanded; the others, the one writer of each syntax.
        const write = (q: readonly Quad[]) =>
          format === JSON_LD ? writeJsonLd(q, { profile: 'expanded', indent: 0 }) : serializeQuads(q, format);
        const written = await writeWithin(cut.quads, request.maxBytes, write);
        answer = { body: written.body, triples: written.triples, truncated: incomplete || written.cut };
      }
      port.postMessage({
        type: 'result',
        id: request.id,
        ...answer,
        elapsedMs: performance.now() - started,
      } satisfies WorkerReply);
    } catch (error) {
      const fatal = isEngineTrap(error) || !(await engineAnswers());
      if (fatal) broken = `The query engine failed (${errorMessage(error)}); this worker is retired`;
      port.postMessage({ type: 'error', id: request.id, message: errorMessage(error), fatal } satisfies WorkerReply);
    }
  });
} catch (error) {
  port.postMessage({ type: 'failed', message: errorMessage(error) } satisfies WorkerReply);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
