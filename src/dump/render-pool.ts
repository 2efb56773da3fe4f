// The build's render workers: the written syntaxes (Turtle, TriG, JSON-LD, RDF/XML) rendered in worker
// threads while the main thread writes N-Quads and N-Triples. A bounded number of workers (never more
// than the cores), each taking the next job; the first failure stops them all and rejects with the
// format and the writer's message. Files land in the caller's temporary folder, which the caller
// removes on failure, so nothing partial is ever swapped in.

import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { RdfFormat } from '../rdf/formats.ts';
import type { JsonLdContext } from '../rdf/jsonld.ts';
import { moduleUrl, startWorkerThread } from '../rdf/worker-thread.ts';
import type { DumpFile } from './describe-dataset.ts';

/**
 * Dumps rendered from one input: the input packed (see packQuads), `width` term ids per quad, unpacked
 * once for all of them (TriG and JSON-LD read the quads, Turtle and RDF/XML the union's triples).
 */
export interface RenderJob {
  id: number;
  dir: string;
  formats: RdfFormat[];
  quads: string | string[];
  width: 3 | 4;
  prefixes: Record<string, string>;
  context: JsonLdContext;
}

export type RenderReply =
  | { id: number; files: DumpFile[][]; error?: undefined }
  | { id: number; error: { format?: string; message: string; stack?: string }; files?: undefined };

const labels = (job: Omit<RenderJob, 'id'>) => job.formats.map((f) => f.label).join(' or ');

/** At most one worker per core, and never more than there are jobs. */
export function renderWorkerCount(requested: number, jobs: number): number {
  return Math.max(0, Math.min(requested, jobs, os.availableParallelism()));
}

/**
 * Render every job in `workers` worker threads (at least one); resolves to each job's files per format,
 * in job order. Rejects with the first failure after every worker has stopped (no write still in flight).
 */
export async function renderInWorkers(jobs: Omit<RenderJob, 'id'>[], workers: number): Promise<DumpFile[][][]> {
  const results: DumpFile[][][] = new Array(jobs.length);
  let next = 0;
  let failure: Error | undefined;
  const threads: Worker[] = [];
  const run = (worker: Worker) =>
    new Promise<void>((resolve) => {
      let current: number | undefined;
      const fail = (error: Error) => {
        failure ??= error;
        resolve();
        // The others stop at once; their files are in the temporary folder the caller removes.
        for (const t of threads) void t.terminate();
      };
      const dispatch = () => {
        if (failure || next >= jobs.length) {
          current = undefined;
          void worker.terminate();
          resolve();
          return;
        }
        current = next++;
        worker.postMessage({ ...jobs[current]!, id: current });
      };
      worker.on('message', (reply: RenderReply) => {
        if (reply.error) {
          const error = new Error(`${reply.error.format ?? labels(jobs[reply.id]!)} dump: ${reply.error.message}`);
          if (reply.error.stack) error.stack = `${error.message}\n(in a render worker) ${reply.error.stack}`;
          fail(error);
          return;
        }
        results[reply.id] = reply.files;
        dispatch();
      });
      worker.on('error', (error) =>
        fail(
          new Error(
            `A render worker failed${current !== undefined ? ` (${labels(jobs[current]!)} dump)` : ''}: ${error.message}`,
          ),
        ),
      );
      worker.on('exit', (code) => {
        if (current !== undefined && !failure)
          fail(new Error(`A render worker exited (code ${code}) before finishing the ${labels(jobs[current]!)} dump`));
        resolve();
      });
      dispatch();
    });
  const count = Math.max(1, Math.min(workers, jobs.length));
  const runs: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const worker = startWorkerThread(moduleUrl(import.meta.url, 'render-worker'), undefined);
    threads.push(worker);
    runs.push(run(worker));
  }
  await Promise.all(runs);
  // Wait for every thread to be gone, so no write of a stopped worker lands after the caller cleans up.
  await Promise.all(threads.map((t) => t.terminate()));
  if (failure) throw failure;
  return results;
}
