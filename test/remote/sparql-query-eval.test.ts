// W3C SPARQL 1.1 query-evaluation tests through the remote backend: checkQuery, then createSparqlStore on
// Virtuoso. Same dataset rules as test/conformance/sparql-query-eval.test.ts: each qt:data file is loaded
// into a graph named by its IRI and passed as the default graph, each qt:graphData as a named graph; a
// query with its own FROM gets those files. The store's graphs ("ours") are the test's files.

import { readFileSync } from 'node:fs';
import { Parser, Writer } from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import { describe, inject } from 'vitest';
import { checkQuery } from '../../src/store/check-query.ts';
import { createOxigraphStore } from '../../src/store/oxigraph-store.ts';
import { createHttpClient, createSparqlStore } from '../../src/store/sparql-store.ts';
import type { QueryResult } from '../../src/store/store.ts';
import { objects, QT, readManifest, type ManifestEntry } from '../conformance/support/manifest.ts';
import { isomorphic, quadKey } from '../conformance/support/isomorphism.ts';
import { readCsv, readRsGraph, readSrj, readSrx, readTsv, sameSolutions, type ExpectedResult, type Solutions } from '../conformance/support/sparql-results.ts';
import { runSuite, type SuiteTest } from '../conformance/support/suite.ts';
import { requireW3cData, SUITES, toLocalPath } from '../conformance/support/w3c.ts';
import { REMOTE_QUERY_EVAL_SKIPS } from './skip/sparql-query-eval.ts';

requireW3cData();
const virtuoso = inject('virtuoso');
const credentials = { user: virtuoso.user, password: virtuoso.password, scheme: 'basic' as const };
const http = createHttpClient(credentials);

const OUT_OF_SCOPE: Record<string, string> = {
  entailment: 'entailment regimes (RDFS, OWL …): the store does simple entailment only',
  service: 'federated query: checkQuery refuses SERVICE',
};

const read = (iri: string) => readFileSync(toLocalPath(iri), 'utf8');

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
  const answer = await http.send({ method: 'PUT', url, headers: { 'Content-Type': 'application/n-triples' }, body: await asNTriples(iri), signal: AbortSignal.timeout(30_000) });
  if (answer.status >= 300) throw new Error(`Loading ${iri} into Virtuoso: ${answer.status} ${answer.body.slice(0, 200)}`);
  loaded.add(iri);
}

async function runEvaluation(entry: ManifestEntry): Promise<void> {
  const queryIri = objects(entry, entry.action, QT + 'query')[0]!.value;
  const data = objects(entry, entry.action, QT + 'data').map((t) => t.value);
  const graphData = objects(entry, entry.action, QT + 'graphData').map((t) => t.value);
  const text = read(queryIri);
  const checked = checkQuery(text, { baseIri: queryIri });

  const fromFiles = checked.dataset ? [...checked.dataset.defaultGraphs, ...checked.dataset.namedGraphs] : [];
  const files = [...new Set([...data, ...graphData, ...fromFiles])];
  for (const file of files) await loadFile(file);
  const store = createSparqlStore({ endpoint: virtuoso.sparql, graphs: files, timeoutMs: 20_000 });
  const options = { baseIri: queryIri, ...(checked.dataset ? {} : { dataset: { defaultGraphs: data, namedGraphs: graphData } }) };

  const resultIri = entry.result!.value;
  if (entry.type === 'CSVResultFormatTest') {
    compareSolutions(readCsv(await store.queryRaw(text, 'text/csv', options)), readCsv(read(resultIri)), checked.ordered);
    return;
  }
  const actual = await store.query(text, options);
  const expected = readExpected(resultIri);
  if ('quads' in expected) {
    if (actual.type !== 'quads') throw new Error(`Expected a graph, got ${actual.type}`);
    if (!isomorphic(actual.quads, expected.quads)) {
      throw new Error(`Graphs differ.\nactual:\n${showQuads(actual.quads)}\nexpected:\n${showQuads(expected.quads)}`);
    }
  } else if (expected.type === 'boolean') {
    if (actual.type !== 'boolean' || actual.value !== expected.value) throw new Error(`Expected ${expected.value}, got ${show(actual)}`);
  } else {
    if (actual.type !== 'bindings') throw new Error(`Expected bindings, got ${actual.type}`);
    compareSolutions(actual, expected, checked.ordered);
  }
}

function readExpected(iri: string): ExpectedResult | { quads: Quad[] } {
  const extension = iri.slice(iri.lastIndexOf('.') + 1);
  if (extension === 'srx') return readSrx(read(iri));
  if (extension === 'srj') return readSrj(read(iri));
  if (extension === 'tsv') return readTsv(read(iri));
  const quads = new Parser({ format: iri.endsWith('.nt') ? 'application/n-triples' : 'text/turtle', baseIRI: iri }).parse(read(iri));
  return readRsGraph(quads) ?? { quads };
}

function compareSolutions(actual: Solutions, expected: Solutions, ordered: boolean): void {
  if (sameSolutions(actual, expected, ordered)) return;
  const rowKey = (row: ReadonlyMap<string, Term>) =>
    [...row].sort(([a], [b]) => a.localeCompare(b)).map(([v, t]) => `?${v}=${t.termType === 'BlankNode' ? '_:' : showTerm(t)}`).join(' ');
  const missing = expected.rows.map(rowKey);
  const unexpected: string[] = [];
  for (const key of actual.rows.map(rowKey)) {
    const at = missing.indexOf(key);
    if (at >= 0) missing.splice(at, 1);
    else unexpected.push(key);
  }
  throw new Error(
    `Solutions differ${ordered ? ' (ordered)' : ''}: ${actual.rows.length} rows vs ${expected.rows.length}.\n` +
      `got but not expected:\n${unexpected.slice(0, 10).join('\n') || '(none)'}\nexpected but not got:\n${missing.slice(0, 10).join('\n') || '(none)'}`,
  );
}

function showTerm(term: Term): string {
  return quadKey({ subject: term, predicate: term, object: term, graph: term } as Quad).split(' ')[0]!;
}

function showQuads(quads: readonly Quad[]): string {
  return quads.slice(0, 20).map((q) => quadKey(q)).join('\n') + (quads.length > 20 ? `\n… (${quads.length})` : '');
}

function show(result: QueryResult): string {
  return result.type === 'boolean' ? String(result.value) : result.type;
}

function evaluationTest(entry: ManifestEntry): SuiteTest {
  const directory = entry.manifest.slice(SUITES.sparql11.base.length).split('/')[0]!;
  return { id: entry.id, name: entry.name, outOfScope: OUT_OF_SCOPE[directory], run: () => runEvaluation(entry) };
}

describe('W3C SPARQL 1.1 query evaluation on Virtuoso (remote backend)', () => {
  const entries = readManifest(SUITES.sparql11.base + 'manifest-all.ttl').filter(
    (e) => e.type === 'QueryEvaluationTest' || e.type === 'CSVResultFormatTest',
  );
  runSuite('sparql11 query-eval (remote)', entries.map(evaluationTest), REMOTE_QUERY_EVAL_SKIPS);
});
