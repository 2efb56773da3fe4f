// A query worker thread: holds its own store over the dataset and answers one query at a time; a query
// naming a release runs over that release's store, loaded on first use, the last few kept (LRU).
//
// Oxigraph's query() is synchronous and cannot be cancelled, so a runaway query blocks only this
// thread; the pool terminates it from outside and starts a fresh worker. Queries arrive checked (shape
// included) and row-capped by the pool, so no SELECT or ASK is parsed here. Results are cut to the row,
// triple and byte limits here (row-limit.ts, graph-limit.ts), so nothing larger crosses threads; each
// answer leaves as UTF-8 bytes whose buffer is transferred to the main thread, not copied.
//
// Engine health: a WebAssembly engine that traps (memory access out of bounds, stack exhausted) is
// broken for good, and answers every later query with the same error. So after any failure that is
// not plainly the query's (a trap), or that a probe query shows the engine cannot survive, the reply
// says `fatal` and this worker answers nothing more: the pool retires it and starts a fresh one.

import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { Quad } from '@rdfjs/types';
import { parentPort, workerData } from 'node:worker_threads';
import { createOxigraphStore, type OxigraphStore } from './oxigraph-store.ts';
import { loadVerifiedDump } from './verified-file.ts';
import { capGraphQuery, cutTriples, writeWithin } from './graph-limit.ts';
import { capSelectRows, cutRows } from './row-limit.ts';
import { JSON_LD, N_QUADS, rdfFormatOf, RESULTS_JSON } from '../rdf/formats.ts';
import { writeJsonLd } from '../rdf/jsonld.ts';
import { serializeQuads } from '../rdf/serialize.ts';
import type { WorkerInit, WorkerReply, WorkerRequest } from './query-pool.ts';

const port = parentPort;
if (!port) throw new Error('query-worker.ts must run as a worker thread (see query-pool.ts)');

const init = workerData as WorkerInit;
const encoder = new TextEncoder();

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
  const { source } = init;
  const store = createOxigraphStore([], { shape: init.shape });
  if ('file' in source) loadVerifiedDump(store, source.file, source.format);
  else {
    const data = 'path' in source ? await readFile(source.path, 'utf8') : source.data;
    store.load([{ data, format: source.format }]);
  }
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
  const releases = new Map<string, OxigraphStore>();
  const storeFor = async (release: WorkerRequest['release']): Promise<OxigraphStore> => {
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
      // A release's load counts in the query's time: the pool's timer runs from dispatch.
      const store = await storeFor(request.release);
      const options = { dataset: request.dataset, baseIri: request.baseIri };
      let { query, cutAt } = request;
      if (request.capRows !== undefined) {
        // A SELECT whose cap needs a parse: done here, off the calling thread.
        const capped = capSelectRows(query.text, request.capRows, request.baseIri);
        query = { ...query, text: capped.query };
        cutAt = capped.capped ? request.capRows : undefined;
      }
      let answer: { body: Uint8Array; rows?: number; triples?: number; truncated: boolean };
      if (query.form === 'SELECT' || query.form === 'ASK') {
        const bytes = encoder.encode(store.queryCheckedRaw(query, request.mediaType, options));
        answer =
          query.form === 'SELECT'
            ? cutRows(bytes, request.mediaType, cutAt ?? Number.MAX_SAFE_INTEGER, request.maxBytes)
            : { body: bytes, truncated: false };
      } else {
        const format = rdfFormatOf(request.mediaType);
        if (!format) throw new Error(`A ${query.form} result cannot be written as ${request.mediaType}`);
        const capped = capGraphQuery(query.text, request.maxTriples, request.baseIri);
        const quads = store.queryCheckedQuads({ ...query, text: capped.query }, options);
        const cut = cutTriples(quads, request.maxTriples);
        // Solutions past the cap may hold triples the cut result lacks: ask, unless already cut.
        let incomplete = cut.cut;
        if (!incomplete && capped.probe) {
          const more = await store.query(capped.probe, options);
          incomplete = more.type === 'bindings' && more.rows.length > 0;
        }
        // The engine writes no JSON-LD: the one JSON-LD writer, expanded; the others, the one writer of each syntax.
        const write = (q: readonly Quad[]) =>
          format === JSON_LD ? writeJsonLd(q, { profile: 'expanded', indent: 0 }) : serializeQuads(q, format);
        const written = await writeWithin(cut.quads, request.maxBytes, write);
        answer = { body: encoder.encode(written.body), triples: written.triples, truncated: incomplete || written.cut };
      }
      const reply: WorkerReply = { type: 'result', id: request.id, ...answer, elapsedMs: performance.now() - started };
      port.postMessage(reply, [answer.body.buffer as ArrayBuffer]);
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
