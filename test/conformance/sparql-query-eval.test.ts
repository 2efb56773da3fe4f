// W3C SPARQL 1.1 query-evaluation tests through our code path: checkQuery, then createOxigraphStore.
//
// The dataset is the spec's, not our endpoint's union default: each qt:data file is loaded into a graph
// named by its IRI and passed as `dataset.defaultGraphs`, each qt:graphData as a named graph. A query with
// its own FROM/FROM NAMED gets those files loaded under their IRIs and no dataset option.

import { readFileSync } from 'node:fs';
import { Parser } from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import { describe } from 'vitest';
import { checkQuery } from '../../src/store/check-query.ts';
import { createOxigraphStore, type LoadFormat } from '../../src/store/oxigraph-store.ts';
import type { QueryResult } from '../../src/store/store.ts';
import { objects, QT, readManifest, type ManifestEntry } from './support/manifest.ts';
import { isomorphic, quadKey } from './support/isomorphism.ts';
import { readCsv, readRsGraph, readSrj, readSrx, readTsv, sameSolutions, type ExpectedResult, type Solutions } from './support/sparql-results.ts';
import { runSuite, type SuiteTest } from './support/suite.ts';
import { requireW3cData, SUITES, toLocalPath } from './support/w3c.ts';
import { SPARQL_QUERY_EVAL_SKIPS } from './skip/sparql-query-eval.ts';

requireW3cData();

const OUT_OF_SCOPE: Record<string, string> = {
  entailment: 'entailment regimes (RDFS, OWL …): the store does simple entailment only',
  service: 'federated query: checkQuery refuses SERVICE',
};

const read = (iri: string) => readFileSync(toLocalPath(iri), 'utf8');

function formatOf(iri: string): LoadFormat {
  if (iri.endsWith('.ttl')) return 'text/turtle';
  if (iri.endsWith('.nt')) return 'application/n-triples';
  if (iri.endsWith('.rdf')) return 'application/rdf+xml';
  throw new Error(`No loader for ${iri}`);
}

async function runEvaluation(entry: ManifestEntry): Promise<void> {
  const queryIri = objects(entry, entry.action, QT + 'query')[0]!.value;
  const data = objects(entry, entry.action, QT + 'data').map((t) => t.value);
  const graphData = objects(entry, entry.action, QT + 'graphData').map((t) => t.value);
  const text = read(queryIri);
  const checked = checkQuery(text, { baseIri: queryIri });

  const fromFiles = checked.dataset ? [...checked.dataset.defaultGraphs, ...checked.dataset.namedGraphs] : [];
  const files = [...new Set([...data, ...graphData, ...fromFiles])];
  const store = createOxigraphStore(files.map((iri) => ({ data: read(iri), format: formatOf(iri), graph: iri, baseIri: iri })));
  const options = { baseIri: queryIri, ...(checked.dataset ? {} : { dataset: { defaultGraphs: data, namedGraphs: graphData } }) };

  const resultIri = entry.result!.value;
  if (entry.type === 'CSVResultFormatTest') {
    const actual = readCsv(await store.queryRaw(text, 'text/csv', options));
    compareSolutions(actual, readCsv(read(resultIri)), checked.ordered);
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
  const quads = new Parser({ format: formatOf(iri), baseIRI: iri }).parse(read(iri));
  return readRsGraph(quads) ?? { quads };
}

function compareSolutions(actual: Solutions, expected: Solutions, ordered: boolean): void {
  if (sameSolutions(actual, expected, ordered)) return;
  // Report the difference as multisets of rows with blank nodes blurred; empty both ways means order or labels.
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
    `Solutions differ${ordered ? ' (ordered)' : ''}: variables ${actual.variables.join(' ')} vs expected ${expected.variables.join(' ')}, ` +
      `${actual.rows.length} rows vs ${expected.rows.length}.\n` +
      `got but not expected:\n${unexpected.join('\n') || '(none)'}\nexpected but not got:\n${missing.join('\n') || '(none)'}`,
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

describe('W3C SPARQL 1.1 query evaluation', () => {
  const entries = readManifest(SUITES.sparql11.base + 'manifest-all.ttl').filter(
    (e) => e.type === 'QueryEvaluationTest' || e.type === 'CSVResultFormatTest',
  );
  runSuite('sparql11 query-eval', entries.map(evaluationTest), SPARQL_QUERY_EVAL_SKIPS);
});
