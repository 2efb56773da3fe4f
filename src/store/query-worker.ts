// A query worker thread: holds its own store over the dataset and answers one query at a time.
//
// Oxigraph's query() is synchronous and cannot be cancelled, so a runaway query blocks only this
// thread; the pool terminates it from outside and starts a fresh worker. Queries arrive checked and
// row-capped by the pool (no parse here); each answer leaves as UTF-8 bytes whose buffer is transferred
// to the main thread, not copied.

import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { createOxigraphStore } from './oxigraph-store.ts';
import { capSelectRows, cutRows } from './row-limit.ts';
import { JSON_LD } from '../rdf/formats.ts';
import { writeJsonLd } from '../rdf/jsonld.ts';
import type { WorkerInit, WorkerReply, WorkerRequest } from './query-pool.ts';

const port = parentPort;
if (!port) throw new Error('query-worker.ts must run as a worker thread (see query-pool.ts)');

const init = workerData as WorkerInit;
const encoder = new TextEncoder();

try {
  const started = performance.now();
  const data = 'path' in init.source ? await readFile(init.source.path, 'utf8') : init.source.data;
  const store = createOxigraphStore([{ data, format: init.source.format }]);
  const [quads, graphs] = await Promise.all([store.size(), store.graphs()]);
  port.postMessage({ type: 'ready', quads, graphs, loadMs: performance.now() - started } satisfies WorkerReply);

  port.on('message', async (request: WorkerRequest) => {
    const started = performance.now();
    try {
      const options = { dataset: request.dataset, baseIri: request.baseIri };
      let { query, cutAt } = request;
      if (request.capRows !== undefined) {
        // A SELECT whose cap needs a parse: done here, off the calling thread.
        const capped = capSelectRows(query.text, request.capRows, request.baseIri);
        query = { ...query, text: capped.query };
        cutAt = capped.capped ? request.capRows : undefined;
      }
      let answer: { body: Uint8Array; rows?: number; truncated: boolean };
      if (query.form === 'SELECT' || query.form === 'ASK') {
        const bytes = encoder.encode(store.queryCheckedRaw(query, request.mediaType, options));
        answer =
          query.form === 'SELECT'
            ? cutRows(bytes, request.mediaType, cutAt ?? Number.MAX_SAFE_INTEGER)
            : { body: bytes, truncated: false };
      } else if (request.mediaType === JSON_LD.mediaType) {
        // The engine writes no JSON-LD: the one JSON-LD writer, expanded, still off the main thread.
        const quadsOut = store.queryCheckedQuads(query, options);
        answer = {
          body: encoder.encode(await writeJsonLd(quadsOut, { profile: 'expanded', indent: 0 })),
          truncated: false,
        };
      } else {
        answer = { body: encoder.encode(store.queryCheckedRaw(query, request.mediaType, options)), truncated: false };
      }
      const reply: WorkerReply = {
        type: 'result',
        id: request.id,
        ...answer,
        elapsedMs: performance.now() - started,
      };
      port.postMessage(reply, [answer.body.buffer as ArrayBuffer]);
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
