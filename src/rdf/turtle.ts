// Turtle and TriG (N3.js's writer): the one writer of both syntaxes. Only the prefixes some IRI uses
// are declared, so a document does not list vocabularies it never mentions.

import type { Quad } from '@rdfjs/types';
import { DataFactory, Writer } from 'n3';

/** Turtle of the quads' triples (graph names dropped); the caller merges or dedupes if it must. */
export function writeTurtle(quads: readonly Quad[], prefixes: Record<string, string> = {}): string {
  return write(quads, 'Turtle', usedPrefixes(quads, prefixes));
}

/** TriG of the quads, named graphs kept. */
export function writeTrig(quads: readonly Quad[], prefixes: Record<string, string> = {}): string {
  return write(quads, 'TriG', usedPrefixes(quads, prefixes));
}

function write(quads: readonly Quad[], format: 'Turtle' | 'TriG', prefixes: Record<string, string>): string {
  const writer = new Writer({ format, prefixes });
  writer.addQuads(format === 'Turtle' ? quads.map(dropGraph) : (quads as Quad[]));
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
