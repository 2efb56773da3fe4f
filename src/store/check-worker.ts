// The query-check thread: runs checkQuery (sparqljs, a recursive parser whose cost grows with the
// query) off the main thread, so a long query delays no other request. See query-checker.ts.

import { parentPort } from 'node:worker_threads';
import { checkQuery, QueryCheckError, summaryOf } from './check-query.ts';
import type { CheckReply, CheckRequest } from './query-checker.ts';

const port = parentPort;
if (!port) throw new Error('check-worker.ts must run as a worker thread (see query-checker.ts)');

port.on('message', (request: CheckRequest) => {
  let reply: CheckReply;
  try {
    reply = { id: request.id, summary: summaryOf(checkQuery(request.text, request.options)) };
  } catch (error) {
    if (!(error instanceof QueryCheckError)) {
      reply = { id: request.id, failed: error instanceof Error ? error.message : String(error) };
    } else {
      const { reason, message, line, column, iri, limit } = error;
      reply = { id: request.id, refused: { reason, message, line, column, iri, limit } };
    }
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true });
