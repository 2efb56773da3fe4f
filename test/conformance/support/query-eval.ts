// The W3C SPARQL 1.1 query-evaluation harness shared by every backend: read a test's action, run it
// on a Store through the facade, compare with the expected result (multiset with blank-node renaming,
// order only under ORDER BY, graphs by isomorphism).

import { readFileSync } from 'node:fs';
import { Parser } from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import { checkQuery, type CheckedQuery } from '../../../src/store/check-query.ts';
import type { QueryOptions, QueryResult, Store } from '../../../src/store/store.ts';
import { objects, QT, readManifest, type ManifestEntry } from './manifest.ts';
import { isomorphic, quadKey } from './isomorphism.ts';
import {
  readCsv,
  readRsGraph,
  readSrj,
  readSrx,
  readTsv,
  sameSolutions,
  type ExpectedResult,
  type Solutions,
} from './sparql-results.ts';
import { runSuite, type SkipList, type SuiteTest } from './suite.ts';
import { SUITES, toLocalPath } from './w3c.ts';

export const OUT_OF_SCOPE: Record<string, string> = {
  entailment: 'entailment regimes (RDFS, OWL …): the store does simple entailment only',
  service: 'federated query: checkQuery refuses SERVICE',
};

export const read = (iri: string) => readFileSync(toLocalPath(iri), 'utf8');

/** One test's inputs. The dataset is the spec's: qt:data as the default graph(s), qt:graphData as named graphs. */
export interface EvaluationCase {
  entry: ManifestEntry;
  queryIri: string;
  text: string;
  checked: CheckedQuery;
  /** Every data file the test needs, each loaded into a graph named by its IRI. */
  files: string[];
  /** The dataset option: absent when the query names its own (FROM/FROM NAMED). */
  options: QueryOptions;
}

export function evaluationCase(entry: ManifestEntry): EvaluationCase {
  const queryIri = objects(entry, entry.action, QT + 'query')[0]!.value;
  const data = objects(entry, entry.action, QT + 'data').map((t) => t.value);
  const graphData = objects(entry, entry.action, QT + 'graphData').map((t) => t.value);
  const text = read(queryIri);
  const checked = checkQuery(text, { baseIri: queryIri });
  const fromFiles = checked.dataset ? [...checked.dataset.defaultGraphs, ...checked.dataset.namedGraphs] : [];
  const files = [...new Set([...data, ...graphData, ...fromFiles])];
  const options = {
    baseIri: queryIri,
    ...(checked.dataset ? {} : { dataset: { defaultGraphs: data, namedGraphs: graphData } }),
  };
  return { entry, queryIri, text, checked, files, options };
}

/** Run the case's query on `store` and throw, with a readable difference, unless it gives the expected result. */
export async function checkEvaluation(store: Store, c: EvaluationCase): Promise<void> {
  const resultIri = c.entry.result!.value;
  if (c.entry.type === 'CSVResultFormatTest') {
    compareSolutions(
      readCsv(await store.queryRaw(c.text, 'text/csv', c.options)),
      readCsv(read(resultIri)),
      c.checked.ordered,
    );
    return;
  }
  const actual = await store.query(c.text, c.options);
  const expected = readExpected(resultIri);
  if ('quads' in expected) {
    if (actual.type !== 'quads') throw new Error(`Expected a graph, got ${actual.type}`);
    if (!isomorphic(actual.quads, expected.quads)) {
      throw new Error(`Graphs differ.\nactual:\n${showQuads(actual.quads)}\nexpected:\n${showQuads(expected.quads)}`);
    }
  } else if (expected.type === 'boolean') {
    if (actual.type !== 'boolean' || actual.value !== expected.value)
      throw new Error(`Expected ${expected.value}, got ${show(actual)}`);
  } else {
    if (actual.type !== 'bindings') throw new Error(`Expected bindings, got ${actual.type}`);
    compareSolutions(actual, expected, c.checked.ordered);
  }
}

function readExpected(iri: string): ExpectedResult | { quads: Quad[] } {
  const extension = iri.slice(iri.lastIndexOf('.') + 1);
  if (extension === 'srx') return readSrx(read(iri));
  if (extension === 'srj') return readSrj(read(iri));
  if (extension === 'tsv') return readTsv(read(iri));
  const quads = new Parser({
    format: iri.endsWith('.nt') ? 'application/n-triples' : 'text/turtle',
    baseIRI: iri,
  }).parse(read(iri));
  return readRsGraph(quads) ?? { quads };
}

function compareSolutions(actual: Solutions, expected: Solutions, ordered: boolean): void {
  if (sameSolutions(actual, expected, ordered)) return;
  // Report the difference as multisets of rows with blank nodes blurred; empty both ways means order or labels.
  const rowKey = (row: ReadonlyMap<string, Term>) =>
    [...row]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([v, t]) => `?${v}=${t.termType === 'BlankNode' ? '_:' : showTerm(t)}`)
      .join(' ');
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
      `got but not expected:\n${unexpected.slice(0, 20).join('\n') || '(none)'}\nexpected but not got:\n${missing.slice(0, 20).join('\n') || '(none)'}`,
  );
}

function showTerm(term: Term): string {
  return quadKey({ subject: term, predicate: term, object: term, graph: term } as Quad).split(' ')[0]!;
}

function showQuads(quads: readonly Quad[]): string {
  return (
    quads
      .slice(0, 20)
      .map((q) => quadKey(q))
      .join('\n') + (quads.length > 20 ? `\n… (${quads.length})` : '')
  );
}

function show(result: QueryResult): string {
  return result.type === 'boolean' ? String(result.value) : result.type;
}

/** Register the whole query-evaluation suite, each test run by `run`. */
export function queryEvaluationSuite(
  name: string,
  skips: SkipList,
  run: (entry: ManifestEntry) => Promise<void>,
): void {
  const entries = readManifest(SUITES.sparql11.base + 'manifest-all.ttl').filter(
    (e) => e.type === 'QueryEvaluationTest' || e.type === 'CSVResultFormatTest',
  );
  const tests: SuiteTest[] = entries.map((entry) => {
    const directory = entry.manifest.slice(SUITES.sparql11.base.length).split('/')[0]!;
    return { id: entry.id, name: entry.name, outOfScope: OUT_OF_SCOPE[directory], run: () => run(entry) };
  });
  runSuite(name, tests, skips);
}
