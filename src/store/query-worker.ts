// A query worker thread: holds its own store over the dataset and answers one query at a time; a query
// naming a release runs over that release's store, loaded on first use, the last few kept (LRU).
//
// Oxigraph's query() is synchronous and cannot be cancelled, so a runaway query blocks only this
// thread; the pool terminates it from outside and starts a fresh worker.

import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { parentPort, workerData } from 'node:worker_threads';
import { createOxigraphStore } from './oxigraph-store.ts';
import { capSelectRows, cutRows } from './row-limit.ts';
import { JSON_LD, N_QUADS } from '../rdf/formats.ts';
import type { Store } from './store.ts';
import { writeJsonLd } from '../rdf/jsonld.ts';
import type { WorkerInit, WorkerReply, WorkerRequest } from './query-pool.ts';

const port = parentPort;
if (!port) throw new Error('query-worker.ts must run as a worker thread (see query-pool.ts)');

const init = workerData as WorkerInit;

try {
  const started = performance.now();
  const data = 'path' in init.source ? await readFile(init.source.path, 'utf8') : init.source.data;
  const store = createOxigraphStore([{ data, format: init.source.format }]);
  const [quads, graphs] = await Promise.all([store.size(), store.graphs()]);
  port.postMessage({ type: 'ready', quads, graphs, loadMs: performance.now() - started } satisfies WorkerReply);

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
      found = createOxigraphStore([{ data, format: N_QUADS.mediaType }]);
      while (releases.size >= init.releaseStores) releases.delete(releases.keys().next().value!);
    }
    releases.set(release.version, found);
    return found;
  };

  port.on('message', async (request: WorkerRequest) => {
    const started = performance.now();
    try {
      // A release's load counts in the query's time: the pool's timer runs from dispatch.
      const store = await storeFor(request.release);
      const options = { dataset: request.dataset, baseIri: request.baseIri };
      let answer: { body: string; rows?: number; truncated: boolean };
      if (request.form === 'SELECT') {
        const { query, capped } = capSelectRows(request.query, request.maxRows, request.baseIri);
        const raw = await store.queryRaw(query, request.mediaType, options);
        answer = cutRows(raw, request.mediaType, capped ? request.maxRows : Number.MAX_SAFE_INTEGER);
      } else if (request.mediaType === JSON_LD.mediaType) {
        // The engine writes no JSON-LD: the one JSON-LD writer, expanded, still off the main thread.
        const result = await store.query(request.query, options);
        if (result.type !== 'quads') throw new Error(`A ${request.form} query has no JSON-LD form`);
        answer = { body: await writeJsonLd(result.quads, { profile: 'expanded', indent: 0 }), truncated: false };
      } else {
        answer = { body: await store.queryRaw(request.query, request.mediaType, options), truncated: false };
      }
      port.postMessage({
        type: 'result',
        id: request.id,
        ...answer,
        elapsedMs: performance.now() - started,
      } satisfies WorkerReply);
    } catch (error) {
      port.postMessage({ type: 'error', id: request.id, message: errorMessage(error) } satisfies WorkerReply);
    }
  });
} catch (error) {
  port.postMessage({ type: 'failed', message: errorMessage(error) } satisfies WorkerReply);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
