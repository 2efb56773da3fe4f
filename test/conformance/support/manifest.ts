// W3C test manifests (Turtle, mf: vocabulary) read with N3.js: entries in order, following mf:include.

import { readFileSync } from 'node:fs';
import { Parser, Store, DataFactory } from 'n3';
import type { Term } from '@rdfjs/types';
import { toLocalPath } from './w3c.ts';

const MF = 'http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
export const QT = 'http://www.w3.org/2001/sw/DataAccess/tests/test-query#';
export const RDFT = 'http://www.w3.org/ns/rdftest#';
export const UT = 'http://www.w3.org/2009/sparql/tests/test-update#';

/** One test of a manifest; IRIs are canonical (as published), turn them into files with `toLocalPath`. */
export interface ManifestEntry {
  /** Test IRI, the key of skip lists. */
  id: string;
  /** Local name of the rdf:type, e.g. `QueryEvaluationTest`, `TestTurtleEval`. */
  type: string;
  name: string;
  /** IRI of the manifest the entry comes from. */
  manifest: string;
  /** mf:action: an IRI, or the node of a qt:/ut: description (read it with `objects`). */
  action?: Term;
  result?: Term;
  /** The manifest graph, to read further properties of `action`. */
  graph: Store;
}

/** Every entry of `manifestIri` and of the manifests it includes, depth first, in manifest order. */
export function readManifest(manifestIri: string): ManifestEntry[] {
  const graph = new Store(
    new Parser({ baseIRI: manifestIri, format: 'text/turtle' }).parse(readFileSync(toLocalPath(manifestIri), 'utf8')),
  );
  const self = DataFactory.namedNode(manifestIri);
  const entries: ManifestEntry[] = [];
  for (const include of graph.getObjects(self, MF + 'include', null).flatMap((list) => readList(graph, list))) {
    entries.push(...readManifest(include.value));
  }
  for (const test of graph.getObjects(self, MF + 'entries', null).flatMap((list) => readList(graph, list))) {
    const types = graph.getObjects(test, RDF + 'type', null).map((t) => t.value.replace(/^.*[#/]/, ''));
    entries.push({
      id: test.value,
      type: types[0] ?? 'Unknown',
      name: graph.getObjects(test, MF + 'name', null)[0]?.value ?? test.value,
      manifest: manifestIri,
      action: graph.getObjects(test, MF + 'action', null)[0],
      result: graph.getObjects(test, MF + 'result', null)[0],
      graph,
    });
  }
  return entries;
}

/** Objects of `subject predicate ?` in the entry's manifest. */
export function objects(entry: ManifestEntry, subject: Term | undefined, predicate: string): Term[] {
  return subject ? entry.graph.getObjects(subject, predicate, null) : [];
}

/** The members of an RDF collection. */
function readList(graph: Store, head: Term): Term[] {
  const items: Term[] = [];
  for (let node = head; node.value !== RDF + 'nil';) {
    const first = graph.getObjects(node, RDF + 'first', null)[0];
    const rest = graph.getObjects(node, RDF + 'rest', null)[0];
    if (!first || !rest) throw new Error(`Malformed RDF list in manifest at ${node.value}`);
    items.push(first);
    node = rest;
  }
  return items;
}
