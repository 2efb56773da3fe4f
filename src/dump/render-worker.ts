// A render worker of the build (started by render-pool.ts): renders the dump files it is sent, one job
// (one input, one or more syntaxes) at a time, each file written with its gzipped twin into the build's temporary folder, and answers with
// their manifest entries or the error.

import { parentPort } from 'node:worker_threads';
import { renderDump, unpackQuads } from './render-dump.ts';
import type { RenderJob, RenderReply } from './render-pool.ts';

if (!parentPort) throw new Error('render-worker.ts runs as a worker thread');
const port = parentPort;

port.on('message', (job: RenderJob) => {
  const answer = async (): Promise<RenderReply> => {
    let format: string | undefined;
    try {
      const quads = unpackQuads(job.quads, job.width);
      const files = [];
      for (const f of job.formats) {
        format = f.label;
        files.push(await renderDump(job.dir, f, { quads, prefixes: job.prefixes, context: job.context }));
      }
      return { id: job.id, files };
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      return { id: job.id, error: { format, message: e.message, stack: e.stack } };
    }
  };
  void answer().then((reply) => port.postMessage(reply));
});
