// Push the built dataset's named graphs to a remote store (Graph Store HTTP Protocol), idempotently,
// then verify the triple count of every graph through the SPARQL endpoint.
//
// Each graph is replaced: its first request is a PUT (which drops what the graph held), further chunks
// are POSTs (which add). Re-running the load therefore replaces and never duplicates. A graph holding
// blank nodes is sent in one request, since a blank node label only means the same node within one
// document. Graphs in the store that the dataset does not mention are left alone.

import { createReadStream } from 'node:fs';
import { StreamParser } from 'n3';
import type { Quad } from '@rdfjs/types';
import { N_QUADS, N_TRIPLES } from '../../rdf/formats.ts';
import { tripleToNT } from '../../rdf/n-triples.ts';
import { iriRef } from '../../rdf/terms.ts';
import { RemoteStoreError } from './errors.ts';
import { createHttpClient, type SparqlCredentials } from './http-client.ts';
import { createSparqlStore } from './sparql-store.ts';

export interface LoadRemoteOptions {
  /** The dataset as N-Quads, every quad in a named graph (dist/anmc21.nq). */
  file: string;
  /** Graph Store HTTP Protocol endpoint, e.g. http://127.0.0.1:8890/sparql-graph-crud-auth. */
  graphStore: string;
  /** SPARQL query endpoint used to verify the counts. */
  endpoint: string;
  credentials?: SparqlCredentials;
  /** Triples per request for graphs without blank nodes. Default 100 000. */
  chunkTriples?: number;
  /** Time limit per request, milliseconds. Default 300 000. */
  timeoutMs?: number;
  /** Progress lines. Default: stderr. */
  log?: (line: string) => void;
  fetch?: typeof fetch;
}

export interface GraphLoad {
  graph: string;
  /** Distinct triples in the dump. */
  triples: number;
  /** Triples the store reports after loading. */
  stored: number;
  requests: number;
  ms: number;
}

export interface LoadReport {
  graphs: GraphLoad[];
  totalTriples: number;
  ms: number;
}

/** Load every named graph of `file` into the store, replacing each; throws when a count does not match. */
export async function loadRemote(options: LoadRemoteOptions): Promise<LoadReport> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const chunkTriples = options.chunkTriples ?? 100_000;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const started = performance.now();

  const graphs = await readGraphs(options.file);
  const total = [...graphs.values()].reduce((n, g) => n + g.lines.size, 0);
  log(`load: ${options.file}: ${total} triples in ${graphs.size} graphs → ${options.graphStore}`);

  const http = createHttpClient(options.credentials, options.fetch ?? fetch);
  const results: GraphLoad[] = [];
  for (const [graph, { lines, blankNodes }] of graphs) {
    const graphStarted = performance.now();
    const all = [...lines];
    const size = blankNodes ? Math.max(all.length, 1) : chunkTriples;
    const chunks =
      all.length === 0
        ? [[]]
        : Array.from({ length: Math.ceil(all.length / size) }, (_, i) => all.slice(i * size, (i + 1) * size));
    for (const [i, chunk] of chunks.entries()) {
      const url = new URL(options.graphStore);
      url.searchParams.set('graph', graph);
      const answer = await http
        .send({
          method: i === 0 ? 'PUT' : 'POST',
          url: url.href,
          headers: { 'Content-Type': N_TRIPLES.mediaType },
          body: chunk.join(''),
          signal: AbortSignal.timeout(timeoutMs),
        })
        .catch((error: unknown) => {
          if (error instanceof DOMException && error.name === 'TimeoutError') {
            throw new RemoteStoreError(
              'timeout',
              `Loading <${graph}> took longer than ${timeoutMs} ms (request ${i + 1} of ${chunks.length})`,
              { cause: error },
            );
          }
          throw error;
        });
      if (answer.status < 200 || answer.status >= 300) {
        throw new RemoteStoreError(
          'http',
          `The graph store answered ${answer.status} to ${i === 0 ? 'PUT' : 'POST'} <${graph}>: ${answer.body.trim().slice(0, 300)}`,
          { status: answer.status },
        );
      }
      log(
        `load: <${graph}> ${i === 0 ? 'replaced with' : 'added'} ${chunk.length} triples (${i + 1}/${chunks.length})`,
      );
    }
    results.push({
      graph,
      triples: lines.size,
      stored: -1,
      requests: chunks.length,
      ms: performance.now() - graphStarted,
    });
  }

  // Verify: count what the store now holds in each graph.
  const store = createSparqlStore({
    endpoint: options.endpoint,
    graphs: [...graphs.keys()],
    credentials: options.credentials,
    timeoutMs,
    fetch: options.fetch,
  });
  const mismatches: string[] = [];
  for (const entry of results) {
    const result = await store.query(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH ${iriRef(entry.graph)} { ?s ?p ?o } }`);
    entry.stored = result.type === 'bindings' ? Number(result.rows[0]?.get('n')?.value ?? NaN) : NaN;
    const ok = entry.stored === entry.triples;
    log(`verify: <${entry.graph}> ${entry.stored} of ${entry.triples} triples ${ok ? 'ok' : 'MISMATCH'}`);
    if (!ok)
      mismatches.push(
        `<${entry.graph}>: the dump has ${entry.triples} distinct triples, the store holds ${entry.stored}`,
      );
  }
  const ms = performance.now() - started;
  if (mismatches.length)
    throw new RemoteStoreError('http', `Loaded, but the triple counts do not match:\n${mismatches.join('\n')}`);
  log(`load: done, ${total} triples in ${graphs.size} graphs in ${(ms / 1000).toFixed(1)} s`);
  return { graphs: results, totalTriples: total, ms };
}

/** The dump's triples by graph, as distinct N-Triples lines; whether each graph holds blank nodes. */
async function readGraphs(file: string): Promise<Map<string, { lines: Set<string>; blankNodes: boolean }>> {
  const graphs = new Map<string, { lines: Set<string>; blankNodes: boolean }>();
  const parser = new StreamParser({ format: N_QUADS.mediaType });
  await new Promise<void>((resolve, reject) => {
    createReadStream(file, 'utf8').on('error', reject).pipe(parser);
    parser.on('data', (quad: Quad) => {
      if (quad.graph.termType !== 'NamedNode') {
        parser.destroy();
        reject(
          new RemoteStoreError(
            'unsupported',
            `${file}: a quad in the default graph (${tripleToNT(quad)}); the remote store takes named graphs only`,
          ),
        );
        return;
      }
      let entry = graphs.get(quad.graph.value);
      if (!entry) graphs.set(quad.graph.value, (entry = { lines: new Set(), blankNodes: false }));
      entry.lines.add(`${tripleToNT(quad)}\n`);
      if (quad.subject.termType === 'BlankNode' || quad.object.termType === 'BlankNode') entry.blankNodes = true;
    });
    parser.on('error', (error: Error) =>
      reject(new RemoteStoreError('unsupported', `${file}: ${error.message}`, { cause: error })),
    );
    parser.on('end', () => resolve());
  });
  return graphs;
}
