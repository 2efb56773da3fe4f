// Turtle and TriG (N3.js's writer): the one writer of both syntaxes, in a readable order as rapper or
// rdflib write it: each subject's statements together (subjects in first-seen order, per graph in
// TriG), rdf:type first, then the names, then the other properties by IRI, values in a stable order.
// Only the prefixes some IRI uses are declared, so a document does not list vocabularies it never mentions.

import type { Quad } from '@rdfjs/types';
import { DataFactory, Writer } from 'n3';
import { RDF, SKOS } from '../vocab.ts';
import { DERIVED_TITLE, NAME_PROPERTIES } from './labels.ts';
import { groupByGraphAndSubject, termKey } from './terms.ts';

/** Predicates a subject's statements start with, in this order; the others follow by IRI. */
const LEADING_PREDICATES: readonly string[] = [RDF('type'), ...NAME_PROPERTIES, SKOS('altLabel'), DERIVED_TITLE];

/** Turtle of the quads' triples (graph names dropped; a triple in several graphs is written once). */
export function writeTurtle(quads: readonly Quad[], prefixes: Record<string, string> = {}): string {
  return write(readableOrder(quads.map(dropGraph)), 'Turtle', usedPrefixes(quads, prefixes));
}

/** TriG of the quads, named graphs kept. */
export function writeTrig(quads: readonly Quad[], prefixes: Record<string, string> = {}): string {
  return write(readableOrder(quads), 'TriG', usedPrefixes(quads, prefixes));
}

/**
 * The quads once each, grouped by graph and then by subject, both in first-seen order (so a described
 * resource stays first); within a subject, LEADING_PREDICATES first, then predicates by IRI, and each
 * predicate's objects by their term key.
 */
export function readableOrder(quads: readonly Quad[]): Quad[] {
  const rank = (p: string) => {
    const i = LEADING_PREDICATES.indexOf(p);
    return i < 0 ? LEADING_PREDICATES.length : i;
  };
  const out: Quad[] = [];
  for (const subjects of groupByGraphAndSubject(quads).values())
    for (const list of subjects.values()) {
      const statements = new Map(list.map((q) => [`${termKey(q.predicate)} ${termKey(q.object)}`, q]));
      out.push(
        ...[...statements]
          .sort(([ka, a], [kb, b]) => {
            const ra = rank(a.predicate.value);
            const rb = rank(b.predicate.value);
            return ra - rb || (ka < kb ? -1 : ka > kb ? 1 : 0);
          })
          .map(([, q]) => q),
      );
    }
  return out;
}

function write(quads: readonly Quad[], format: 'Turtle' | 'TriG', prefixes: Record<string, string>): string {
  const writer = new Writer({ format, prefixes });
  writer.addQuads(quads as Quad[]);
  // Without an output stream the writer calls back synchronously.
  let text: string | undefined;
  writer.end((error: Error | null, result: string) => {
    if (error) throw error;
    text = result;
  });
  if (text === undefined) throw new Error('N3 writer did not finish synchronously');
  return text;
}

function dropGraph(q: Quad): Quad {
  if (q.graph.termType === 'DefaultGraph') return q;
  return DataFactory.quad(q.subject as never, q.predicate as never, q.object as never);
}

/** The prefixes whose namespace some IRI in the quads (or a datatype) starts with. */
export function usedPrefixes(quads: readonly Quad[], prefixes: Record<string, string>): Record<string, string> {
  const entries = Object.entries(prefixes);
  if (entries.length === 0) return {};
  const namespaces = new Set<string>();
  const seen = new Set<string>();
  const visit = (iri: string) => {
    if (seen.has(iri)) return;
    seen.add(iri);
    for (const [, ns] of entries) if (iri.startsWith(ns)) namespaces.add(ns);
  };
  for (const q of quads) {
    for (const t of [q.subject, q.predicate, q.object, q.graph]) {
      if (t.termType === 'NamedNode') visit(t.value);
      else if (t.termType === 'Literal') visit(t.datatype.value);
    }
  }
  return Object.fromEntries(entries.filter(([, ns]) => namespaces.has(ns)));
}
