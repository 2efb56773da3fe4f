// W3C SPARQL 1.1 query-evaluation tests through the remote backend: checkQuery, then createSparqlStore on
// Virtuoso. Same dataset rules as test/conformance/sparql-query-eval.test.ts: each qt:data file is loaded
// into a graph named by its IRI and passed as the default graph, each qt:graphData as a named graph; a
// query with its own FROM gets those files. The store's graphs ("ours") are the test's files.

import { Parser, Writer } from 'n3';
import { describe, inject } from 'vitest';
import { createOxigraphStore } from '../../src/store/oxigraph-store.ts';
import { createHttpClient } from '../../src/store/remote/http-client.ts';
import { createSparqlStore } from '../../src/store/remote/sparql-store.ts';
import { checkEvaluation, evaluationCase, queryEvaluationSuite, read } from '../conformance/support/query-eval.ts';
import { requireW3cData } from '../conformance/support/w3c.ts';
import { REMOTE_QUERY_EVAL_SKIPS } from './skip/sparql-query-eval.ts';

requireW3cData();
const virtuoso = inject('virtuoso');
const credentials = { user: virtuoso.user, password: virtuoso.password, scheme: 'basic' as const };
const http = createHttpClient(credentials);

/** A data file as N-Triples, its lexical forms untouched (N3.js for Turtle/N-Triples; Oxigraph for RDF/XML). */
async function asNTriples(iri: string): Promise<string> {
  if (iri.endsWith('.rdf')) {
    const store = createOxigraphStore([{ data: read(iri), format: 'application/rdf+xml', graph: iri, baseIri: iri }]);
    return store.queryRaw(`CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <${iri}> { ?s ?p ?o } }`, 'application/n-triples');
  }
  const format = iri.endsWith('.nt') ? 'application/n-triples' : 'text/turtle';
  return new Writer({ format: 'N-Triples' }).quadsToString(new Parser({ format, baseIRI: iri }).parse(read(iri)));
}

const loaded = new Set<string>();
async function loadFile(iri: string): Promise<void> {
  if (loaded.has(iri)) return;
  const url = `${virtuoso.gspBasic}?graph=${encodeURIComponent(iri)}`;
  const answer = await http.send({
    method: 'PUT',
    url,
    headers: { 'Content-Type': 'application/n-triples' },
    body: await asNTriples(iri),
    signal: AbortSignal.timeout(30_000),
  });
  if (answer.status >= 300)
    throw new Error(`Loading ${iri} into Virtuoso: ${answer.status} ${answer.body.slice(0, 200)}`);
  loaded.add(iri);
}

describe('W3C SPARQL 1.1 query evaluation on Virtuoso (remote backend)', () => {
  queryEvaluationSuite('sparql11 query-eval (remote)', REMOTE_QUERY_EVAL_SKIPS, async (entry) => {
    const c = evaluationCase(entry);
    for (const file of c.files) await loadFile(file);
    await checkEvaluation(createSparqlStore({ endpoint: virtuoso.sparql, graphs: c.files, timeoutMs: 20_000 }), c);
  });
});
